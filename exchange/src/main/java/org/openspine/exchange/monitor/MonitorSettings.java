package org.openspine.exchange.monitor;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the delivery monitor judges and tells.
 *
 * @param stoppedCollectingAfter how long a mailbox with messages waiting may go without collecting (listing its
 *                               inbox or downloading) before it is alerted as having stopped
 * @param workqueueDueWithin     how long a letter may wait in a practice's workqueue for a person before the
 *                               practice's mailbox is alerted as having letters left unworked
 * @param webhook                where alerts are POSTed as JSON, if anywhere
 * @param webhookTimeout         how long one POST may take; a run waits at most about this long for all of them
 */
public record MonitorSettings(Duration stoppedCollectingAfter, Duration workqueueDueWithin, Optional<URI> webhook,
        Duration webhookTimeout) {

    /** A day without collecting; two days in a workqueue; no webhook; ten seconds a POST. */
    public static final MonitorSettings DEFAULT = new MonitorSettings(Duration.ofHours(24), Duration.ofDays(2),
            Optional.empty(), Duration.ofSeconds(10));

    public MonitorSettings {
        Objects.requireNonNull(webhook, "webhook");
        requireAMinute(stoppedCollectingAfter, "the stopped-collecting period");
        requireAMinute(workqueueDueWithin, "the workqueue period");
        if (webhookTimeout.isNegative() || webhookTimeout.isZero() || webhookTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("the webhook timeout must be positive and at most a minute (the monitor "
                    + "runs every minute), was " + webhookTimeout);
        }
        webhook.ifPresent(uri -> {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("the alert webhook must be an http or https URL with a host");
            }
        });
    }

    /** @return these settings with alerts POSTed to {@code url} */
    public MonitorSettings withWebhook(URI url) {
        return new MonitorSettings(stoppedCollectingAfter, workqueueDueWithin, Optional.of(url), webhookTimeout);
    }

    /** The monitor runs every minute: a shorter period could not be judged, and a negative one is a mistake. */
    private static void requireAMinute(Duration period, String name) {
        if (period.isNegative() || period.toMinutes() < 1) {
            throw new IllegalArgumentException(name + " must be at least a minute, was " + period);
        }
    }
}
