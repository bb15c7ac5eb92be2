package org.openspine.fhir.rest;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.model.MediaType;
import org.openspine.fhir.validation.WriteRules;
import org.openspine.platform.error.OpenSpineException;

/** Turns a request body into the resource to write: format, strict parse, type check, write rules. */
final class IncomingResource {

    private final FhirCodec codec;
    private final WriteRules rules;

    IncomingResource(FhirCodec codec, WriteRules rules) {
        this.codec = codec;
        this.rules = rules;
    }

    /**
     * @param expectedType the type named in the URL
     * @throws OpenSpineException.Invalid for a missing or unparseable body or a type mismatch
     * @throws OpenSpineException.UnsupportedMediaType for a body that is neither FHIR JSON nor XML
     * @throws OpenSpineException.Unprocessable when a write rule is broken
     */
    IBaseResource read(FhirRequest request, String expectedType) {
        IBaseResource resource = parse(request);
        String type = resource.fhirType();
        if (!type.equals(expectedType)) {
            throw new OpenSpineException.Invalid("invalid",
                    "the body is a " + type + " but the URL names " + expectedType);
        }
        rules.check(resource);
        return resource;
    }

    /** Parses the body without type check or rules (bundles, Parameters). */
    IBaseResource parse(FhirRequest request) {
        return switch (request.body()) {
            case FhirRequest.None none -> throw new OpenSpineException.Invalid("required",
                    "this interaction needs a resource in the request body");
            case FhirRequest.Parsed parsed -> parsed.resource();
            case FhirRequest.Bytes bytes -> codec.parseStrict(bytes.bytes(), format(bytes));
        };
    }

    /** The body's format from its Content-Type, or sniffed from its first character when there is none. */
    static MediaType format(FhirRequest.Bytes bytes) {
        if (bytes.contentType() == null || bytes.contentType().isBlank()) {
            for (byte b : bytes.bytes()) {
                if (b == '<') {
                    return MediaType.XML;
                }
                if (!Character.isWhitespace(b)) {
                    return MediaType.JSON;
                }
            }
            return MediaType.JSON;
        }
        MediaType type = MediaType.of(bytes.contentType()).orElseThrow(() -> new OpenSpineException.UnsupportedMediaType(
                "Content-Type '" + bytes.contentType() + "' is not supported; send application/fhir+json or application/fhir+xml"));
        if (type == MediaType.JSON_PATCH) {
            throw new OpenSpineException.UnsupportedMediaType("a JSON Patch document is only accepted by PATCH");
        }
        return type;
    }
}
