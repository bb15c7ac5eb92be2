package org.openspine.fhir.rest;

import ca.uhn.fhir.context.FhirContext;
import java.util.Set;
import java.util.regex.Pattern;
import org.openspine.platform.error.OpenSpineException;

/** Checks of the resource type and id named in a URL. */
final class Targets {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final Set<String> types;

    Targets(FhirContext context) {
        this.types = Set.copyOf(context.getResourceTypes());
    }

    /** @throws OpenSpineException.NotFound when {@code type} is not an R4 resource type */
    String type(String type) {
        if (!types.contains(type)) {
            throw new OpenSpineException.NotFound("unknown resource type '" + abbreviate(type) + "'");
        }
        return type;
    }

    /** @return whether {@code name} is an R4 resource type */
    boolean isType(String name) {
        return types.contains(name);
    }

    /** @throws OpenSpineException.Invalid when {@code id} is not a valid FHIR id */
    static String id(String id) {
        if (!ID.matcher(id).matches()) {
            throw new OpenSpineException.Invalid("invalid",
                    "'" + abbreviate(id) + "' is not a valid resource id (1-64 of A-Z a-z 0-9 - .)");
        }
        return id;
    }

    /** @throws OpenSpineException.Invalid when {@code version} is not a positive integer */
    static int version(String version) {
        try {
            int v = Integer.parseInt(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new OpenSpineException.Invalid("invalid", "'" + abbreviate(version) + "' is not a version id");
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
