package org.openspine.exchange.mesh;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a send's {@code mex-} headers with MESH's checks: lengths, no control characters, no URLs. */
final class MeshHeaders {

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f]");
    private static final Pattern URL = Pattern.compile("(?i)\\s*https?://.*");
    private static final Pattern CHECKSUM = Pattern.compile("[A-Za-z0-9\\s:/-]{1,100}");
    private static final Set<String> TRUE = Set.of("y", "yes", "true", "t", "on", "1");
    private static final Set<String> FALSE = Set.of("n", "no", "false", "f", "off", "0");

    private final Context ctx;

    private MeshHeaders(Context ctx) {
        this.ctx = ctx;
    }

    static MeshHeaders of(Context ctx) {
        return new MeshHeaders(ctx);
    }

    /**
     * @return the header's value when present and not blank
     * @throws MeshFailure {@link MeshError#MALFORMED_CONTROL} when it is longer than {@code maxLength}, holds a
     *         control character, or is a URL
     */
    Optional<String> text(String name, int maxLength) {
        String value = ctx.header(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > maxLength || CONTROL.matcher(value).find()
                || URL.matcher(value).matches()) {
            throw new MeshFailure(MeshError.MALFORMED_CONTROL, name + " is malformed (at most " + maxLength
                    + " characters, no control characters, not a URL)");
        }
        return Optional.of(value);
    }

    /** @return a MESH flag (Y/N, yes/no, true/false, ...); absent is false */
    boolean flag(String name) {
        return text(name, 10).map(value -> {
            String flag = value.strip().toLowerCase(Locale.ROOT);
            if (TRUE.contains(flag)) {
                return true;
            }
            if (FALSE.contains(flag)) {
                return false;
            }
            throw new MeshFailure(MeshError.MALFORMED_CONTROL, name + " must be Y or N, was " + value);
        }).orElse(false);
    }

    /** @throws MeshFailure {@link MeshError#INVALID_CHECKSUM} when it has characters MESH does not allow */
    Optional<String> checksum() {
        String value = ctx.header("mex-Content-Checksum");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (!CHECKSUM.matcher(value).matches()) {
            throw new MeshFailure(MeshError.INVALID_CHECKSUM, "Invalid checksum");
        }
        return Optional.of(value.strip());
    }

    /**
     * @return whether the body is gzip-encoded ({@code Content-Encoding: gzip})
     * @throws MeshFailure {@link MeshError#UNSUPPORTED_ENCODING} for any other encoding
     */
    boolean gzipped() {
        String encoding = ctx.header("Content-Encoding");
        if (encoding == null || encoding.isBlank()) {
            return false;
        }
        if (encoding.strip().equalsIgnoreCase("gzip")) {
            return true;
        }
        throw new MeshFailure(MeshError.UNSUPPORTED_ENCODING, "Unsupported content encoding " + encoding
                + ": only gzip");
    }
}
