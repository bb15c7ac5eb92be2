package org.openspine.fhir.model;

import org.openspine.platform.error.OpenSpineException;

/**
 * A cheap single pass over a body that refuses nesting deeper than a limit, before any parser
 * recurses into it. Counts brackets outside JSON strings, or open/close tags in XML.
 */
final class NestingDepth {

    private NestingDepth() {
    }

    static void check(byte[] body, MediaType format, int limit) {
        int depth = format == MediaType.XML ? xmlDepth(body, limit) : jsonDepth(body, limit);
        if (depth > limit) {
            throw new OpenSpineException.Invalid("structure", "the body is nested more than " + limit + " levels deep");
        }
    }

    private static int jsonDepth(byte[] body, int limit) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (++depth > limit) {
                    return depth;
                }
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return depth;
    }

    private static int xmlDepth(byte[] body, int limit) {
        int depth = 0;
        for (int i = 0; i < body.length - 1; i++) {
            if (body[i] != '<') {
                continue;
            }
            byte next = body[i + 1];
            if (next == '/') {
                depth--;
            } else if (next != '?' && next != '!') {
                int end = i + 1;
                while (end < body.length && body[end] != '>') {
                    end++;
                }
                boolean selfClosing = end < body.length && body[end - 1] == '/';
                if (!selfClosing && ++depth > limit) {
                    return depth;
                }
                i = end;
            }
        }
        return depth;
    }
}
