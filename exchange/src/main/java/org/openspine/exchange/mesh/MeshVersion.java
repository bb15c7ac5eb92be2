package org.openspine.exchange.mesh;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MESH API version a request asks for with its {@code Accept} header: v2 for
 * {@code application/vnd.mesh.v2+json}, v1 for {@code application/vnd.mesh.v1+json}, {@code application/json}
 * or no MESH media type at all (MESH's lowest supported version).
 */
enum MeshVersion {
    V1("application/json"),
    V2("application/vnd.mesh.v2+json");

    private static final Pattern MESH_TYPE = Pattern.compile("application/vnd\\.mesh\\.v(\\d+)\\+json");

    private final String contentType;

    MeshVersion(String contentType) {
        this.contentType = contentType;
    }

    /** @return the Content-Type of this version's JSON replies */
    String contentType() {
        return contentType;
    }

    /** @return the version asked for, or empty when the Accept header names a MESH version that does not exist */
    static Optional<MeshVersion> of(String accept) {
        if (accept == null) {
            return Optional.of(V1);
        }
        for (String part : accept.split("[;,]")) {
            if (part.contains("vnd.mesh")) {
                Matcher version = MESH_TYPE.matcher(part.strip());
                if (!version.matches()) {
                    return Optional.empty();
                }
                return switch (version.group(1)) {
                    case "1" -> Optional.of(V1);
                    case "2" -> Optional.of(V2);
                    default -> Optional.empty();
                };
            }
        }
        return Optional.of(V1);
    }
}
