package org.openspine.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.openspine.exchange.message.ExchangeSettings;

/**
 * The document exchange's settings.
 *
 * @param settings  message lifetimes and the largest chunk
 * @param sharedKey the MESH environment's shared key, which turns NHSMESH signatures on; without it, mailboxes are
 *                  used with bearer tokens only
 */
record ExchangeConfig(ExchangeSettings settings, Optional<String> sharedKey) {

    /** The public MESH sandbox's shared key: for demo installs only, where clients' sandbox settings then work. */
    static final String SANDBOX_KEY = "TestKey";

    ExchangeConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sharedKey, "sharedKey");
    }

    /** @throws IllegalArgumentException naming the bad setting */
    static ExchangeConfig of(int expiryDays, int retentionDays, long maxChunk, Optional<String> sharedKey, boolean demo) {
        ExchangeSettings settings;
        try {
            settings = new ExchangeSettings(Duration.ofDays(expiryDays), Duration.ofDays(retentionDays), maxChunk);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--message-expiry-days, --message-retention-days or --mesh-max-chunk: "
                    + e.getMessage(), e);
        }
        return new ExchangeConfig(settings, sharedKey.or(() -> demo ? Optional.of(SANDBOX_KEY) : Optional.empty()));
    }
}
