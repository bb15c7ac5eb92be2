package org.openspine.fhir.search.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.openspine.platform.error.OpenSpineException;

/**
 * Where a page starts: just after (or, for a previous link, just before) a row identified by its
 * sort key values and rid. Keyset paging: a page's content depends only on the rows' own keys, so
 * resources created or changed between requests never shift an unchanged resource onto a second
 * page or off all pages.
 *
 * @param before true for the rows before the position (previous page), false for those after
 * @param rid    the rid of the row at the position
 * @param keys   the row's sort key values as text (null for none), one per sort key
 */
public record PageCursor(boolean before, long rid, List<String> keys) {

    private static final char SEPARATOR = '\u001f';
    private static final char NULL = '\u0000';

    public PageCursor {
        keys = new ArrayList<>(keys).stream().map(k -> k == null ? String.valueOf(NULL) : k).toList();
    }

    /** @return the key at {@code i}, or null */
    public String key(int i) {
        String key = keys.get(i);
        return key.equals(String.valueOf(NULL)) ? null : key;
    }

    /** @return the opaque URL-safe form used as {@code _cursor} */
    public String encode() {
        StringBuilder text = new StringBuilder().append(before ? 'b' : 'a').append(rid);
        for (String key : keys) {
            text.append(SEPARATOR).append(key);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param sortKeys how many sort keys the search has; a cursor from another search is refused
     * @throws OpenSpineException.Invalid when {@code encoded} is not a cursor this server made for that search
     */
    public static PageCursor decode(String encoded, int sortKeys) {
        Objects.requireNonNull(encoded, "encoded");
        try {
            String text = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            char direction = text.charAt(0);
            if (direction != 'a' && direction != 'b') {
                throw new IllegalArgumentException("direction");
            }
            String[] parts = text.substring(1).split(String.valueOf(SEPARATOR), -1);
            if (parts.length != sortKeys + 1) {
                throw new IllegalArgumentException("keys");
            }
            List<String> keys = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                keys.add(parts[i]);
            }
            return new PageCursor(direction == 'b', Long.parseLong(parts[0]), keys);
        } catch (RuntimeException e) {
            throw notAPosition(encoded);
        }
    }

    /** @return the error for a {@code _cursor} this server did not make for the search it comes with */
    static OpenSpineException.Invalid notAPosition(String encoded) {
        return new OpenSpineException.Invalid("invalid", "_cursor '" + encoded
                + "' is not a page position of this search; follow the links the server returned");
    }
}
