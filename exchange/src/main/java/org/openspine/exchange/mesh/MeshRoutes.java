package org.openspine.exchange.mesh;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.openspine.exchange.mailbox.Mailbox;
import org.openspine.exchange.mailbox.Mailboxes;
import org.openspine.exchange.message.ArrivalListener;
import org.openspine.exchange.message.Envelope;
import org.openspine.exchange.message.Inbox;
import org.openspine.exchange.message.InboxQuery;
import org.openspine.exchange.message.Message;
import org.openspine.exchange.message.Outbox;
import org.openspine.exchange.message.Refusal;
import org.openspine.exchange.message.WorkflowFilter;
import org.openspine.platform.database.Database;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.http.ErrorReplies;
import org.openspine.platform.http.HttpRoutes;
import org.openspine.platform.http.RequestAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MESH API at {@value #BASE}, compatible with the public MESH specification so that existing MESH clients
 * work against it: handshake, send (with chunks), inbox list and count, download (GET and HEAD, by chunk),
 * acknowledge, tracking and endpoint lookup, in v1 or v2 as the {@code Accept} header asks ({@link MeshVersion}).
 * Callers sign with NHSMESH ({@link MeshAuthentication}) or present a bearer token allowed the mailbox
 * ({@link MailboxAccess}); errors are in MESH's shape ({@link MeshReplies}).
 *
 * <p>A send is answered 202 only after its transaction committed: an accepted message is never lost.
 * Payloads stream between the socket and the database part by part, never whole in memory. A send or upload that
 * completes a message tells the {@link ArrivalListener} after its commit.
 */
public final class MeshRoutes implements HttpRoutes {

    /** Where the API is mounted. */
    public static final String BASE = "/messageexchange";
    private static final Logger LOG = LoggerFactory.getLogger(MeshRoutes.class);

    private final Database database;
    private final Mailboxes mailboxes;
    private final MailboxCache cache;
    private final Outbox outbox;
    private final Inbox inbox;
    private final ArrivalListener arrivals;

    /** @param arrivals told of each message a send or upload completes, after its commit (auto-filing) */
    public MeshRoutes(Database database, MeshMailboxes mailboxes, Outbox outbox, Inbox inbox, ArrivalListener arrivals) {
        this.database = database;
        this.mailboxes = mailboxes.store();
        this.cache = mailboxes.cache();
        this.outbox = outbox;
        this.inbox = inbox;
        this.arrivals = arrivals;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.exception(MeshFailure.class, MeshReplies::reply);
        routes.exception(Refusal.class, MeshReplies::reply);
        // before the mailbox paths, whose {mailbox} would match "endpointlookup"
        routes.get(BASE + "/endpointlookup/{odsCode}/{workflowId}", this::lookup);
        routes.get(BASE + "/{mailbox}", this::handshake);
        routes.post(BASE + "/{mailbox}", this::handshake);
        routes.post(BASE + "/{mailbox}/outbox", this::send);
        routes.get(BASE + "/{mailbox}/outbox/tracking", this::track);
        routes.post(BASE + "/{mailbox}/outbox/{messageId}/{chunk}", this::upload);
        routes.get(BASE + "/{mailbox}/inbox", this::list);
        routes.get(BASE + "/{mailbox}/count", this::count);
        routes.get(BASE + "/{mailbox}/inbox/{messageId}", ctx -> download(ctx, 1, true));
        routes.head(BASE + "/{mailbox}/inbox/{messageId}", ctx -> download(ctx, 1, false));
        routes.get(BASE + "/{mailbox}/inbox/{messageId}/{chunk}", ctx -> download(ctx, chunkNumber(ctx), true));
        routes.head(BASE + "/{mailbox}/inbox/{messageId}/{chunk}", ctx -> download(ctx, chunkNumber(ctx), false));
        routes.put(BASE + "/{mailbox}/inbox/{messageId}/status/acknowledged", this::acknowledge);
    }

    @Override
    public Optional<ErrorReplies> errorReplies() {
        return Optional.of(new MeshReplies());
    }

    // ---- interactions ---------------------------------------------------------------------------

    private void handshake(Context ctx) {
        MeshVersion version = version(ctx);
        Mailbox mailbox = mailbox(ctx);
        for (String required : List.of("mex-ClientVersion", "mex-OSName", "mex-OSVersion")) {
            if (blank(ctx.header(required))) {
                throw new MeshFailure(MeshError.MALFORMED_CONTROL, required + " missing");
            }
        }
        if (version == MeshVersion.V2) {
            ctx.status(200).contentType(MeshVersion.V2.contentType());
        } else {
            MeshReplies.json(ctx, 200, MeshReplies.JSON.createObjectNode().put("mailboxId", mailbox.id()));
        }
    }

    private void send(Context ctx) throws IOException {
        MeshVersion version = version(ctx);
        Mailbox mailbox = mailbox(ctx);
        MeshHeaders headers = MeshHeaders.of(ctx);
        String to = headers.text("mex-To", 100).map(t -> t.strip().toUpperCase(Locale.ROOT))
                .orElseThrow(() -> new MeshFailure(MeshError.MISSING_TO, "TO_DTS missing"));
        String workflow = headers.text("mex-WorkflowID", 300)
                .orElseThrow(() -> new MeshFailure(MeshError.MALFORMED_CONTROL, "mex-WorkflowID missing"));
        headers.text("mex-From", 100).ifPresent(from -> {
            if (!from.strip().equalsIgnoreCase(mailbox.id())) {
                throw new MeshFailure(MeshError.INVALID_FROM, "mex-From " + from + " is not the sending mailbox");
            }
        });
        ChunkRange range = headers.text("mex-Chunk-Range", 20).map(text -> ChunkRange.parse(text)
                        .filter(r -> r.chunk() == 1)
                        .orElseThrow(() -> new MeshFailure(MeshError.INVALID_CHUNKS, "mex-Chunk-Range " + text
                                + " is not 1:n")))
                .orElse(new ChunkRange(1, 1));
        Envelope envelope = new Envelope(mailbox.id(), to, workflow, headers.text("mex-LocalID", 300),
                headers.text("mex-Subject", 500), headers.text("mex-FileName", 300),
                headers.text("mex-Content-Type", 100).or(() -> headers.text("Content-Type", 100)),
                headers.gzipped(), headers.flag("mex-Content-Compressed"), headers.flag("mex-Content-Encrypted"),
                headers.checksum(), range.total());
        InputStream body = ctx.req().getInputStream();
        Outbox.Sent sent = database.inTransaction(connection -> outbox.send(connection, envelope, body));
        if (sent.delivered()) {
            arrived(sent.messageId());
        }
        ObjectNode reply = MeshReplies.JSON.createObjectNode();
        reply.put(version == MeshVersion.V2 ? "message_id" : "messageID", sent.messageId());
        MeshReplies.json(ctx, 202, reply);
    }

    private void upload(Context ctx) throws IOException {
        MeshVersion version = version(ctx);
        Mailbox mailbox = mailbox(ctx);
        String messageId = messageId(ctx);
        int chunk = chunkNumber(ctx);
        MeshHeaders headers = MeshHeaders.of(ctx);
        String text = headers.text("mex-Chunk-Range", 20).orElseThrow(() -> new MeshFailure(MeshError.INVALID_CHUNKS,
                "mex-Chunk-Range missing", Optional.of(messageId)));
        ChunkRange range = ChunkRange.parse(text).filter(r -> r.chunk() == chunk).orElseThrow(() -> new MeshFailure(
                MeshError.INVALID_CHUNKS, "mex-Chunk-Range " + text + " does not name chunk " + chunk,
                Optional.of(messageId)));
        boolean gzipped = headers.gzipped();
        InputStream body = ctx.req().getInputStream();
        boolean complete = database.inTransaction(connection -> outbox.upload(connection, mailbox.id(), messageId,
                range.chunk(), range.total(), gzipped, body));
        if (complete) {
            arrived(messageId);
        }
        ObjectNode reply = MeshReplies.JSON.createObjectNode();
        if (version == MeshVersion.V2) {
            reply.put("message_id", messageId);
        } else {
            reply.put("messageID", messageId).put("blockID", chunk);
        }
        MeshReplies.json(ctx, 202, reply);
    }

    private void track(Context ctx) {
        MeshVersion version = version(ctx);
        Mailbox mailbox = mailbox(ctx);
        String messageId = Optional.ofNullable(ctx.queryParam("messageID")).map(id -> id.strip().toUpperCase(Locale.ROOT))
                .filter(id -> !id.isEmpty())
                .orElseThrow(() -> new MeshFailure(MeshError.BAD_REQUEST, "the messageID query parameter is required"));
        ObjectNode reply = database.read(connection -> {
            Outbox.Tracked tracked = outbox.track(connection, mailbox.id(), messageId);
            Mailbox recipient = mailboxes.find(connection, tracked.message().envelope().recipient()).orElseThrow();
            return TrackingReply.of(tracked, recipient, mailbox, version);
        });
        MeshReplies.json(ctx, 200, reply);
    }

    private void list(Context ctx) {
        MeshVersion version = version(ctx);
        Mailbox mailbox = mailbox(ctx);
        InboxQuery query = inboxQuery(ctx);
        // v2 also tells how many wait: counted on the same connection
        record Listed(Inbox.Page page, long waiting) {
        }
        Listed listed = database.read(connection -> new Listed(inbox.list(connection, mailbox.id(), query),
                version == MeshVersion.V2 ? inbox.count(connection, mailbox.id()) : 0));
        Inbox.Page page = listed.page();
        cache.collected(mailbox.id());
        ObjectNode reply = MeshReplies.JSON.createObjectNode();
        ArrayNode ids = reply.putArray("messages");
        page.messageIds().forEach(ids::add);
        if (version == MeshVersion.V2) {
            String self = BASE + "/" + mailbox.id() + "/inbox";
            String filter = query.workflowFilter().isPresent() ? "workflow_filter=" + ctx.queryParam("workflow_filter") : "";
            String maxResults = query.max() == InboxQuery.DEFAULT_MAX ? "" : "max_results=" + query.max();
            ObjectNode links = reply.putObject("links");
            links.put("self", self + query(maxResults, filter));
            if (page.more()) {
                links.put("next", self + query(maxResults, filter,
                        "continue_from=" + page.messageIds().get(page.messageIds().size() - 1)));
            }
            reply.put("approx_inbox_count", listed.waiting());
        }
        MeshReplies.json(ctx, 200, reply);
    }

    private void count(Context ctx) {
        MeshVersion version = version(ctx);
        Mailbox mailbox = mailbox(ctx);
        long count = database.read(connection -> inbox.count(connection, mailbox.id()));
        ObjectNode reply = MeshReplies.JSON.createObjectNode().put("count", count);
        if (version == MeshVersion.V1) {
            reply.put("internalID", UUID.randomUUID().toString()).put("allResultsIncluded", true);
        }
        MeshReplies.json(ctx, 200, reply);
    }

    private void download(Context ctx, int chunk, boolean withBody) throws IOException {
        version(ctx);
        Mailbox mailbox = mailbox(ctx);
        String messageId = messageId(ctx);
        Download download = database.read(connection -> {
            Message message = inbox.open(connection, mailbox.id(), messageId, !withBody);
            Inbox.FirstPart first = inbox.firstPart(connection, message, chunk);
            return new Download(message, first.parts(), withBody ? first.data() : Optional.empty());
        });
        Message message = download.message();
        boolean last = chunk == message.envelope().chunks();
        boolean gunzip = message.envelope().gzipped() && !acceptsGzip(ctx);
        DownloadHeaders.write(ctx, message, chunk, gunzip);
        ctx.status(last ? 200 : 206);
        if (withBody) {
            PartStream parts = new PartStream(download.first(), download.parts(), partNo -> database.read(
                    connection -> inbox.part(connection, messageId, chunk, partNo)));
            try (InputStream payload = gunzip ? new java.util.zip.GZIPInputStream(parts) : parts) {
                payload.transferTo(ctx.outputStream());
            }
            if (message.envelope().recipient().equals(mailbox.id())) {
                if (message.downloaded().isEmpty()) {
                    database.autocommit(connection -> {
                        inbox.downloaded(connection, messageId);
                        return null;
                    });
                }
                cache.collected(mailbox.id());
            }
        }
    }

    private void acknowledge(Context ctx) {
        MeshVersion version = version(ctx);
        Mailbox mailbox = mailbox(ctx);
        String messageId = messageId(ctx);
        database.autocommit(connection -> { // one statement when the message is in the inbox
            inbox.acknowledge(connection, mailbox.id(), messageId);
            return null;
        });
        if (version == MeshVersion.V2) {
            ctx.status(200).contentType(MeshVersion.V2.contentType());
        } else {
            MeshReplies.json(ctx, 200, MeshReplies.JSON.createObjectNode().put("messageId", messageId));
        }
    }

    private void lookup(Context ctx) {
        MeshVersion version = version(ctx);
        RequestAccess.of(ctx);
        String odsCode = ctx.pathParam("odsCode").strip().toUpperCase(Locale.ROOT);
        String workflowId = ctx.pathParam("workflowId").strip();
        if (odsCode.isEmpty() || workflowId.isEmpty()) {
            throw new MeshFailure(MeshError.BAD_REQUEST, "an ODS code and a workflow id are required");
        }
        List<Mailbox> found = database.read(connection -> mailboxes.lookup(connection, odsCode, workflowId));
        ObjectNode reply = MeshReplies.JSON.createObjectNode();
        if (version == MeshVersion.V1) {
            reply.put("query_id", UUID.randomUUID().toString());
        }
        ArrayNode results = reply.putArray("results");
        for (Mailbox mailbox : found) {
            if (version == MeshVersion.V2) {
                results.addObject().put("mailbox_id", mailbox.id()).put("mailbox_name", mailbox.name());
            } else {
                results.addObject().put("endpoint_type", "MESH").put("description", mailbox.name())
                        .put("address", mailbox.id());
            }
        }
        MeshReplies.json(ctx, 200, reply);
    }

    /** Tells the listener of a message now in its recipient's inbox; the send is answered whatever it does. */
    private void arrived(String messageId) {
        try {
            arrivals.arrived(messageId);
        } catch (RuntimeException e) {
            // the message is stored and in the inbox: what the listener would have started runs on its schedule
            LOG.warn("the arrival listener failed on message {}; the message is delivered regardless", messageId, e);
        }
    }

    // ---- request parts --------------------------------------------------------------------------

    private static MeshVersion version(Context ctx) {
        return MeshVersion.of(ctx.header("Accept"))
                .orElseThrow(() -> new MeshFailure(MeshError.BAD_ACCEPT, "Accept header api format incorrect"));
    }

    /** @return the path's mailbox, which the caller may act for */
    private Mailbox mailbox(Context ctx) {
        String id = ctx.pathParam("mailbox").strip().toUpperCase(Locale.ROOT);
        Mailbox mailbox = (Mailbox.isValidId(id) ? cache.active(id) : Optional.<Mailbox>empty())
                .orElseThrow(() -> new OpenSpineException.Forbidden("No mailbox matched"));
        MailboxAccess.require(RequestAccess.of(ctx).caller(), mailbox);
        return mailbox;
    }

    private static String messageId(Context ctx) {
        return ctx.pathParam("messageId").strip().toUpperCase(Locale.ROOT);
    }

    private static int chunkNumber(Context ctx) {
        String chunk = ctx.pathParam("chunk");
        if (!chunk.matches("\\d{1,6}")) {
            throw new MeshFailure(MeshError.INVALID_CHUNKS, "chunk number " + chunk + " is not a number");
        }
        return Integer.parseInt(chunk);
    }

    private static InboxQuery inboxQuery(Context ctx) {
        int max = InboxQuery.DEFAULT_MAX;
        String maxResults = ctx.queryParam("max_results");
        if (maxResults != null) {
            if (!maxResults.matches("\\d{1,4}") || Integer.parseInt(maxResults) < 10 || Integer.parseInt(maxResults) > 5000) {
                throw new MeshFailure(MeshError.BAD_REQUEST, "max_results must be 10..5000, was " + maxResults);
            }
            max = Integer.parseInt(maxResults);
        }
        Optional<String> continueFrom = Optional.ofNullable(ctx.queryParam("continue_from")).map(String::strip)
                .filter(c -> !c.isEmpty()).map(c -> c.toUpperCase(Locale.ROOT));
        String filter = ctx.queryParam("workflow_filter");
        Optional<WorkflowFilter> workflowFilter = filter == null ? Optional.empty() : Optional.of(WorkflowFilter.parse(filter)
                .orElseThrow(() -> new MeshFailure(MeshError.BAD_REQUEST, "workflow_filter " + filter
                        + " is not WF, WF*, *WF* or one of them after !")));
        return new InboxQuery(max, continueFrom, workflowFilter);
    }

    private static String query(String... parameters) {
        String joined = String.join("&", java.util.Arrays.stream(parameters).filter(p -> !p.isEmpty()).toList());
        return joined.isEmpty() ? "" : "?" + joined;
    }

    private static boolean acceptsGzip(Context ctx) {
        String accept = ctx.header("Accept-Encoding");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** A chunk opened for download: the message, how many parts the chunk has, and the first. */
    private record Download(Message message, int parts, Optional<byte[]> first) {
    }
}
