package org.openspine.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * {@code mesh-exchange}: one operation is one message's whole journey, as the issue counts it: send a 10 kB
 * letter, list the recipient's inbox, download the letter and acknowledge it. Each client has its own pair of
 * mailboxes (created in {@link #prepare}, fresh for every run), so the inbox it lists holds only its own letter.
 * Right only when every step answers as MESH says and the downloaded bytes are the ones sent.
 */
final class MeshExchangeScenario implements Scenario {

    static final String NAME = "mesh-exchange";
    static final int PAYLOAD_BYTES = 10 * 1024;
    /** A workflow without content rules: the letters are random bytes, and the transport is what is measured. */
    static final String WORKFLOW = "BENCH_LETTERS";

    private final MeshClient mesh;
    private final int clients;
    private final String run;
    private final long seed;

    MeshExchangeScenario(MeshClient mesh, int clients, long seed) {
        this.mesh = mesh;
        this.clients = clients;
        this.seed = seed;
        this.run = Long.toString(System.currentTimeMillis() % 2_000_000_000L, 36).toUpperCase(Locale.ROOT);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(HttpConnection http) throws IOException {
        for (int client = 0; client < clients; client++) {
            mesh.createMailbox(http, sender(client), "RX1");
            mesh.createMailbox(http, recipient(client), "A81001");
        }
    }

    @Override
    public Worker worker(int client, int clients) {
        Random random = new Random(seed * 31 + client);
        String from = sender(client);
        String to = recipient(client);
        return new Worker() {
            private int sent;

            @Override
            public Outcome call(HttpConnection http) throws IOException {
                byte[] letter = new byte[PAYLOAD_BYTES];
                random.nextBytes(letter);
                HttpResponse send = http.send(mesh.send(from, to, WORKFLOW, run + "-" + client + "-" + sent++,
                        letter));
                if (send.status() != 202) {
                    return new Outcome.Failure("send HTTP " + send.status());
                }
                Optional<String> id = MeshClient.sentId(send);
                HttpResponse list = http.send(mesh.inbox(to));
                if (list.status() != 200 || id.isEmpty() || !MeshClient.listed(list).contains(id.get())) {
                    return new Outcome.Failure("list HTTP " + list.status());
                }
                HttpResponse download = http.send(mesh.download(to, id.get(), 1));
                if (download.status() != 200 || !java.util.Arrays.equals(download.body(), letter)) {
                    return new Outcome.Failure("download HTTP " + download.status());
                }
                HttpResponse ack = http.send(mesh.acknowledge(to, id.get()));
                return ack.status() == 200 ? new Outcome.Success(0) : new Outcome.Failure("acknowledge HTTP " + ack.status());
            }
        };
    }

    @Override
    public List<String> notes() {
        return new ArrayList<>(List.of(NAME + ": one operation = send + list + download + acknowledge of a "
                + PAYLOAD_BYTES / 1024 + " kB letter; requests/s is messages/s"));
    }

    private String sender(int client) {
        return "BS" + run + "X" + client;
    }

    private String recipient(int client) {
        return "BR" + run + "X" + client;
    }
}
