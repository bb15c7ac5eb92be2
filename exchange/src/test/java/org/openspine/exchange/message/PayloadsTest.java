package org.openspine.exchange.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private static final byte[] LETTER = "Dear Dr Rahman, ...".getBytes(StandardCharsets.UTF_8);

    @Test
    void gzipEncodedChunksJoinedAsStoredDecodeToTheWholePayload() {
        byte[] first = gzip(Arrays.copyOfRange(LETTER, 0, 7));
        byte[] second = gzip(Arrays.copyOfRange(LETTER, 7, LETTER.length));
        byte[] stored = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, stored, first.length, second.length);

        assertThat(content(Payloads.decode(stored, true, false, 1024))).isEqualTo(LETTER);
        assertThat(content(Payloads.decode(LETTER, false, false, 1024))).isEqualTo(LETTER);
    }

    @Test
    void contentTheSenderCompressedIsUncompressedEvenInsideGzipEncoding() {
        assertThat(content(Payloads.decode(gzip(gzip(LETTER)), true, true, 1024))).isEqualTo(LETTER);
        assertThat(content(Payloads.decode(gzip(LETTER), false, true, 1024))).isEqualTo(LETTER);
        assertThat(content(Payloads.decode(LETTER, false, true, 1024))).as("marked compressed but not gzip: as it is")
                .isEqualTo(LETTER);
    }

    @Test
    void aPayloadPastTheLimitOnceDecodedIsTooLargeAndBrokenGzipIsUnreadable() {
        byte[] bomb = gzip(new byte[1 << 20]);
        byte[] cut = gzip(LETTER);

        assertThat(Payloads.decode(bomb, true, false, 4096)).isEqualTo(new Payloads.Payload.TooLarge(4096));
        assertThat(Payloads.decode(LETTER, false, false, 8)).isEqualTo(new Payloads.Payload.TooLarge(8));
        assertThat(Payloads.decode(LETTER, true, false, 1024)).isEqualTo(new Payloads.Payload.Unreadable(
                "the payload is marked gzip-compressed but is not valid gzip"));
        assertThat(Payloads.decode(Arrays.copyOf(cut, cut.length - 4), true, false, 1024)).isEqualTo(
                new Payloads.Payload.Unreadable("the payload is marked gzip-compressed but its gzip data is cut short"));
    }

    private static byte[] content(Payloads.Payload payload) {
        assertThat(payload).isInstanceOf(Payloads.Payload.Content.class);
        return ((Payloads.Payload.Content) payload).bytes();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
