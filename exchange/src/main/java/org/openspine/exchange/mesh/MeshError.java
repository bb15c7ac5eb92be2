package org.openspine.exchange.mesh;

/**
 * The errors this MESH facade answers, each with MESH's status, event and code where MESH has one
 * (the public MESH API specification and sandbox), and a code of the same style where it has none.
 */
enum MeshError {
    MISSING_DATA(417, "COLLECT", "02", "Data file is missing or inaccessible."),
    MALFORMED_CONTROL(400, "TRANSFER", "06", "MalformedControlFile"),
    INVALID_FROM(417, "SEND", "07", "Invalid From Address"),
    MISSING_TO(400, "SEND", "08", "TO_DTS missing"),
    UNREGISTERED_TO(417, "SEND", "12", "Unregistered to address"),
    WORKFLOW_NOT_REGISTERED(417, "SEND", "17", "Workflow ID not registered for mailbox"),
    MESSAGE_DOES_NOT_EXIST(404, "RECEIVE", "20", "Message does not exist"),
    INVALID_CHUNKS(417, "SEND", "InvalidHeaderChunks", "Invalid chunk values sent in mex-Chunk-Range header"),
    UNSUPPORTED_ENCODING(422, "SEND", "UnsupportedContentEncoding", "Unsupported content encoding"),
    INVALID_CHECKSUM(400, "SEND", "Invalid checksum", "Invalid checksum"),
    CHECKSUM_MISMATCH(417, "SEND", "ChecksumMismatch", "The payload does not match mex-Content-Checksum"),
    INVALID_FILE_FORMAT(417, "SEND", "Invalid file format", "File Level Error (file not formed correctly)"),
    LOCAL_ID_REUSED(409, "SEND", "DuplicateLocalID", "mex-LocalID was used before for a different message"),
    CHUNK_TOO_LARGE(413, "SEND", "ChunkTooLarge", "The chunk is larger than this server accepts"),
    FINALISED(423, "SEND", "MessageFinalised", "Messages has been finalised; no more chunks can be uploaded"),
    GONE(410, "SEND", "Message already accepted", "Message no longer available for download"),
    BAD_ACCEPT(400, "SEND", "InvalidAcceptHeader", "Accept header api format incorrect"),
    BAD_REQUEST(400, "SEND", "InvalidRequest", "The request is not valid");

    private final int status;
    private final String event;
    private final String code;
    private final String description;

    MeshError(int status, String event, String code, String description) {
        this.status = status;
        this.event = event;
        this.code = code;
        this.description = description;
    }

    int status() {
        return status;
    }

    String event() {
        return event;
    }

    String code() {
        return code;
    }

    String description() {
        return description;
    }
}
