package org.openspine.exchange.message;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message as stored.
 *
 * @param id          the MESH message id
 * @param type        data or report
 * @param status      where it is in its life
 * @param envelope    what the sender stated
 * @param size        payload bytes as stored (all chunks), known once complete
 * @param report      for a report, what it reports
 * @param sent        when the send request arrived
 * @param accepted    when the last chunk arrived (it entered the inbox)
 * @param downloaded  when the recipient first downloaded it
 * @param acknowledged when the recipient acknowledged it
 * @param expires     when it expires unless acknowledged
 */
public record Message(String id, MessageType type, MessageStatus status, Envelope envelope, long size,
                      Optional<Report> report, Instant sent, Optional<Instant> accepted, Optional<Instant> downloaded,
                      Optional<Instant> acknowledged, Optional<Instant> expires) {

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(sent, "sent");
        Objects.requireNonNull(accepted, "accepted");
        Objects.requireNonNull(downloaded, "downloaded");
        Objects.requireNonNull(acknowledged, "acknowledged");
        Objects.requireNonNull(expires, "expires");
    }

    /**
     * What a report message reports.
     *
     * @param linkedMessageId the message it is about ({@code Mex-LinkedMsgID})
     * @param statusCode      MESH status code, e.g. {@code 14} (undelivered)
     * @param description     the status in words
     */
    public record Report(String linkedMessageId, String statusCode, String description) {
        public Report {
            Objects.requireNonNull(linkedMessageId, "linkedMessageId");
            Objects.requireNonNull(statusCode, "statusCode");
            Objects.requireNonNull(description, "description");
        }
    }
}
