package org.openspine.platform.security.token;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an {@code application/x-www-form-urlencoded} request body, parsed strictly: a
 * body of another type, bad percent-encoding or a parameter given twice (which OAuth2 forbids) is
 * refused with a reason rather than guessed at.
 */
final class FormBody {

    private final Map<String, String> parameters;

    private FormBody(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    /** @return the request's form parameters, or the reason they cannot be read */
    static Parsed parse(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return new Refused("the request body must be application/x-www-form-urlencoded");
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : ctx.body().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new Refused("the request body is not valid form encoding");
            }
            if (parameters.putIfAbsent(name, value) != null) {
                return new Refused("the parameter " + name + " is given more than once");
            }
        }
        return new Read(new FormBody(parameters));
    }

    /** @return the parameter's value when present and not blank */
    Optional<String> get(String name) {
        return Optional.ofNullable(parameters.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** The outcome of reading a form body. */
    sealed interface Parsed permits Read, Refused {
    }

    /** The body was read. */
    record Read(FormBody form) implements Parsed {
    }

    /** The body could not be read, for {@code reason}. */
    record Refused(String reason) implements Parsed {
    }
}
