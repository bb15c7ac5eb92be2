package org.openspine.exchange.mesh;

import java.util.Optional;

/**
 * A MESH request refused by the facade itself (a header, a range, the wire format), answered in MESH's error
 * shape by {@link MeshReplies}.
 */
final class MeshFailure extends RuntimeException {

    private final MeshError error;
    private final Optional<String> messageId;

    MeshFailure(MeshError error, String detail) {
        this(error, detail, Optional.empty());
    }

    MeshFailure(MeshError error, String detail, Optional<String> messageId) {
        super(detail, null, false, false);
        this.error = error;
        this.messageId = messageId;
    }

    MeshError error() {
        return error;
    }

    Optional<String> messageId() {
        return messageId;
    }
}
