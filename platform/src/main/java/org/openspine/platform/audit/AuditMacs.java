package org.openspine.platform.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;

/**
 * The MACs of the audit trail, all HMAC-SHA256 with the {@link AuditKey}:
 * <ul>
 *   <li>a row's: over a canonical encoding of its content, id included (so a genuine row copied under a
 *       new id does not verify);</li>
 *   <li>a chain link's: over its position, the previous link and the row's MAC;</li>
 *   <li>a seal's: over everything in the seal (range, positions, row ids in order, last link);</li>
 *   <li>the head's: over the newest seal's number and MAC.</li>
 * </ul>
 * The encoding is unambiguous: each part is tagged, strings carry their UTF-8 length, absent values
 * differ from empty ones. Changing it invalidates every stored row, so it is versioned in its first bytes.
 *
 * <p>Thread-safe: each call uses its own {@link Mac}.
 */
final class AuditMacs {

    /** The link before the first row. */
    static final byte[] GENESIS = new byte[32];

    private static final byte[] ROW_TAG = "openspine-audit-row-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LINK_TAG = "openspine-audit-link-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SEAL_TAG = "openspine-audit-seal-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HEAD_TAG = "openspine-audit-head-v1".getBytes(StandardCharsets.UTF_8);

    private final AuditKey key;

    AuditMacs(AuditKey key) {
        this.key = key;
    }

    /** @return the MAC of row {@code id} holding {@code record} */
    byte[] row(UUID id, AuditRecord record) {
        Encoder out = new Encoder(key.mac());
        out.bytes(ROW_TAG);
        out.uuid(id);
        out.number(ChronoUnit.MICROS.between(Instant.EPOCH, record.recorded()));
        out.text(record.subtype().code());
        out.text(record.action().name());
        out.number(record.outcome().code());
        out.optional(record.outcomeDescription());
        AuditAgent agent = record.agent();
        out.text(agent.kind());
        switch (agent) {
            case AuditAgent.Staff s -> out.texts(List.of(s.id(), s.name(), s.roleCode(), s.jobRole(), s.odsCode()));
            case AuditAgent.Citizen c -> out.texts(List.of(c.id(), c.name(), c.nhsNumber()));
            case AuditAgent.SystemClient c -> out.texts(List.of(c.id(), c.name()));
            case AuditAgent.Unauthenticated u -> out.texts(List.of());
        }
        out.texts(record.patients());
        out.texts(record.resources().stream().map(ResourceRef::toString).toList());
        out.number(record.resourceCount());
        out.optional(record.purpose().map(PurposeOfUse::code));
        out.optional(record.purpose().flatMap(p -> p instanceof PurposeOfUse.BreakGlass b ? Optional.of(b.reason()) : Optional.empty()));
        out.optional(record.request().map(RequestLine::method));
        out.optional(record.request().map(RequestLine::target));
        out.optional(record.sourceAddress());
        out.optional(record.requestId());
        return out.finish();
    }

    /** @return the chain link at {@code seq}, after {@code previous}, of the row whose MAC is {@code rowMac} */
    byte[] link(long seq, byte[] previous, byte[] rowMac) {
        Encoder out = new Encoder(key.mac());
        out.bytes(LINK_TAG);
        out.number(seq);
        out.bytes(previous);
        out.bytes(rowMac);
        return out.finish();
    }

    /** @return the MAC of {@code seal}: its range, positions, rows in order and last link */
    byte[] seal(AuditSeal seal) {
        Encoder out = new Encoder(key.mac());
        out.bytes(SEAL_TAG);
        out.number(seal.seq());
        out.number(seal.firstPos());
        out.text(seal.afterTx());
        out.uuid(seal.afterId());
        out.text(seal.lastTx());
        out.uuid(seal.lastId());
        out.number(seal.eventIds().size());
        seal.eventIds().forEach(out::uuid);
        out.bytes(seal.link());
        return out.finish();
    }

    /** @return the MAC of a chain head naming seal {@code sealSeq}, whose MAC is {@code sealMac} */
    byte[] head(long sealSeq, byte[] sealMac) {
        Encoder out = new Encoder(key.mac());
        out.bytes(HEAD_TAG);
        out.number(sealSeq);
        out.bytes(sealMac);
        return out.finish();
    }

    /** Constant-time comparison, so a MAC check leaks nothing through timing. */
    static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    /**
     * Encodes tagged, length-prefixed values into one buffer, then MACs it in one call: far cheaper than
     * feeding the MAC value by value, each call of which costs more than the bytes it carries.
     */
    private static final class Encoder {
        private final Mac mac;
        private byte[] buffer = new byte[512];
        private int length;

        Encoder(Mac mac) {
            this.mac = mac;
        }

        void number(long value) {
            ensure(Long.BYTES);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[length++] = (byte) (value >>> shift);
            }
        }

        void uuid(UUID value) {
            number(value.getMostSignificantBits());
            number(value.getLeastSignificantBits());
        }

        void bytes(byte[] value) {
            number(value.length);
            ensure(value.length);
            System.arraycopy(value, 0, buffer, length, value.length);
            length += value.length;
        }

        void text(String value) {
            ensure(1);
            buffer[length++] = 1;
            bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        void optional(Optional<String> value) {
            if (value.isPresent()) {
                text(value.get());
            } else {
                ensure(1);
                buffer[length++] = 0;
            }
        }

        void texts(List<String> values) {
            number(values.size());
            values.forEach(this::text);
        }

        byte[] finish() {
            mac.update(buffer, 0, length);
            return mac.doFinal();
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }
}
