package org.openspine.server;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.openspine.exchange.message.ExchangeSettings;
import org.openspine.exchange.monitor.MonitorSettings;

/**
 * The document exchange's settings.
 *
 * @param settings  message lifetimes and the largest chunk
 * @param sharedKey the MESH environment's shared key, which turns NHSMESH signatures on; without it, mailboxes are
 *                  used with bearer tokens only
 * @param monitor   the delivery monitor's settings: when a mailbox has stopped collecting, where alerts are posted
 */
record ExchangeConfig(ExchangeSettings settings, Optional<String> sharedKey, MonitorSettings monitor) {

    /** The public MESH sandbox's shared key: for demo installs only, where clients' sandbox settings then work. */
    static final String SANDBOX_KEY = "TestKey";

    ExchangeConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sharedKey, "sharedKey");
        Objects.requireNonNull(monitor, "monitor");
    }

    /** @throws IllegalArgumentException naming the bad setting */
    static ExchangeConfig of(int expiryDays, int retentionDays, long maxChunk, Optional<String> sharedKey,
            Optional<String> webhook, boolean demo) {
        ExchangeSettings settings;
        try {
            settings = new ExchangeSettings(Duration.ofDays(expiryDays), Duration.ofDays(retentionDays), maxChunk);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--message-expiry-days, --message-retention-days or --mesh-max-chunk: "
                    + e.getMessage(), e);
        }
        MonitorSettings monitor = MonitorSettings.DEFAULT;
        if (webhook.isPresent()) {
            try {
                monitor = monitor.withWebhook(URI.create(webhook.get()));
            } catch (IllegalArgumentException e) {
                // the URL may carry a token: name the setting, never the value
                throw new IllegalArgumentException("OPENSPINE_MONITOR_WEBHOOK is not an http or https URL with a host", e);
            }
        }
        return new ExchangeConfig(settings, sharedKey.or(() -> demo ? Optional.of(SANDBOX_KEY) : Optional.empty()),
                monitor);
    }
}
