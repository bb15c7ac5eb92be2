package org.openspine.bench;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code mesh-large}: one 100 MB message round trip, once: sent in {@value #CHUNKS} chunks with its MD5 as
 * {@code mex-Content-Checksum} (which the server checks when the last chunk arrives), downloaded chunk by chunk,
 * and right only when the MD5 of what came back is the MD5 of what was sent; then acknowledged. The latency
 * column is the whole round trip.
 */
final class MeshLargeScenario implements Scenario {

    static final String NAME = "mesh-large";
    static final int CHUNKS = 5;
    static final int CHUNK_BYTES = 20_000_000;

    private final MeshClient mesh;
    private final String run = Long.toString(System.currentTimeMillis() % 2_000_000_000L, 36).toUpperCase(Locale.ROOT);
    private volatile String checked = "not run";

    MeshLargeScenario(MeshClient mesh) {
        this.mesh = mesh;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(HttpConnection http) throws IOException {
        mesh.createMailbox(http, "BLS" + run, "RX1");
        mesh.createMailbox(http, "BLR" + run, "A81001");
    }

    @Override
    public Worker worker(int client, int clients) {
        return new Worker() {
            private boolean done = client > 0;

            @Override
            public boolean prepareNext() {
                return !done;
            }

            @Override
            public Outcome call(HttpConnection http) throws IOException {
                done = true;
                return roundTrip(http);
            }
        };
    }

    @Override
    public List<String> notes() {
        return List.of(NAME + ": " + CHUNKS + " chunks of " + CHUNK_BYTES / 1_000_000 + " MB; " + checked);
    }

    private Outcome roundTrip(HttpConnection http) throws IOException {
        String from = "BLS" + run;
        String to = "BLR" + run;
        MessageDigest sent = md5();
        byte[][] chunks = new byte[CHUNKS][];
        Random random = new Random(42);
        for (int i = 0; i < CHUNKS; i++) {
            chunks[i] = new byte[CHUNK_BYTES];
            random.nextBytes(chunks[i]);
            sent.update(chunks[i]);
        }
        String md5 = HexFormat.of().formatHex(sent.digest());
        HttpResponse first = http.send(mesh.send(from, to, "BENCH_LARGE", "large-" + run, chunks[0],
                "mex-Chunk-Range", "1:" + CHUNKS, "mex-Content-Checksum", "md5:" + md5));
        String id = MeshClient.sentId(first).orElse(null);
        if (first.status() != 202 || id == null) {
            return new Outcome.Failure("send HTTP " + first.status());
        }
        for (int i = 2; i <= CHUNKS; i++) {
            HttpResponse chunk = http.send(mesh.chunk(from, id, i, CHUNKS, chunks[i - 1]));
            if (chunk.status() != 202) {
                return new Outcome.Failure("chunk " + i + " HTTP " + chunk.status());
            }
        }
        chunks = null; // let the sent copy go before the received one arrives
        MessageDigest received = md5();
        for (int i = 1; i <= CHUNKS; i++) {
            HttpResponse chunk = http.send(mesh.download(to, id, i));
            if (chunk.status() != (i < CHUNKS ? 206 : 200)) {
                return new Outcome.Failure("download chunk " + i + " HTTP " + chunk.status());
            }
            received.update(chunk.body());
        }
        String back = HexFormat.of().formatHex(received.digest());
        checked = "sent MD5 " + md5 + ", received MD5 " + back + (back.equals(md5) ? " (intact)" : " (DIFFERENT)");
        if (!back.equals(md5)) {
            return new Outcome.Failure("payload changed");
        }
        HttpResponse ack = http.send(mesh.acknowledge(to, id));
        return ack.status() == 200 ? new Outcome.Success(0) : new Outcome.Failure("acknowledge HTTP " + ack.status());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("bench: the JDK has no MD5", e);
        }
    }
}
