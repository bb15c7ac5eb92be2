package org.openspine.fhir.model;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;
import org.openspine.platform.error.Issue;
import org.openspine.platform.error.OpenSpineException;

/**
 * FHIR R4 parsing and encoding: the one holder of the HAPI {@link FhirContext}.
 *
 * <p>Incoming resources are parsed strictly (every unknown element, wrong JSON type, malformed
 * value or bad code in an enumerated binding is reported, with its path). Stored resources are
 * parsed leniently, because they were validated when written and only need re-encoding.
 *
 * <p>Thread-safe: HAPI parsers are cheap and not thread-safe, so each call makes its own.
 */
public final class FhirCodec {

    /** Deeper nesting than this is refused before parsing, so a hostile body cannot exhaust the stack. */
    static final int MAX_DEPTH = 64;
    private static final String SUBSETTED_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    /**
     * Reads request JSON once into the tree that both the shape check and HAPI's parser use. Decimals
     * stay exact BigDecimals (1.50 keeps its trailing zero), as HAPI's own reader keeps them.
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT_JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private static final String FHIR_NAMESPACE = "http://hl7.org/fhir";

    private final FhirContext context;
    private final JsonShape jsonShape;

    public FhirCodec() {
        context = FhirContext.forR4();
        // References keep their version, and entries keep their own ids: HAPI's defaults rewrite both.
        context.getParserOptions().setStripVersionsFromReferences(false);
        context.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
        context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
        jsonShape = new JsonShape(context);
    }

    /** @return the HAPI context (model definitions, terser, FHIRPath) */
    public FhirContext context() {
        return context;
    }

    /**
     * Parses a request body strictly.
     *
     * @throws OpenSpineException.Invalid with one issue per problem when the body is not a valid R4 resource
     */
    public IBaseResource parseStrict(byte[] body, MediaType format) {
        if (body == null || body.length == 0) {
            throw new OpenSpineException.Invalid("invalid", "the request body is empty; a FHIR resource was expected");
        }
        NestingDepth.check(body, format, MAX_DEPTH);
        CollectingErrorHandler errors = new CollectingErrorHandler();
        IParser parser = parser(format).setParserErrorHandler(errors);
        IBaseResource resource;
        try {
            if (format == MediaType.JSON) {
                JacksonStructure structure = new JacksonStructure();
                structure.setNativeObject(checkJson(body, errors.issues()));
                resource = ((IJsonLikeParser) parser).parseResource(structure);
            } else {
                checkXmlRoot(body);
                resource = parser.parseResource(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
            }
        } catch (OpenSpineException e) {
            throw e; // already a precise refusal from the JSON or XML checks
        } catch (DataFormatException e) {
            List<Issue> issues = new java.util.ArrayList<>(errors.issues());
            issues.add(Issue.error("structure", "cannot parse the body as FHIR " + format.name() + ": " + clean(e.getMessage())));
            throw new OpenSpineException.Invalid(issues, e);
        } catch (RuntimeException e) {
            // HAPI signals some malformed input (bad XHTML, odd encodings) with other runtime exceptions.
            throw new OpenSpineException.Invalid(List.of(Issue.error("structure",
                    "cannot parse the body as FHIR " + format.name() + ": " + clean(String.valueOf(e.getMessage())))), e);
        }
        if (!errors.issues().isEmpty()) {
            throw new OpenSpineException.Invalid(errors.issues());
        }
        return resource;
    }

    /** Duplicate keys, trailing content, and the JSON types and array-ness HAPI is lenient about. */
    private com.fasterxml.jackson.databind.node.ObjectNode checkJson(byte[] body, List<Issue> issues) {
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = STRICT_JSON.readTree(body);
        } catch (java.io.IOException e) {
            String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage()
                    : e.getMessage();
            throw new OpenSpineException.Invalid("structure", "the body is not valid JSON: " + message, e);
        }
        if (tree == null || !tree.isObject()) {
            throw new OpenSpineException.Invalid("structure", "a FHIR resource in JSON must be a JSON object");
        }
        jsonShape.check(tree, issues);
        return (com.fasterxml.jackson.databind.node.ObjectNode) tree;
    }

    /** HAPI ignores the root element's namespace; FHIR XML must be in http://hl7.org/fhir. */
    private static void checkXmlRoot(byte[] body) {
        javax.xml.stream.XMLInputFactory factory = javax.xml.stream.XMLInputFactory.newFactory();
        factory.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            javax.xml.stream.XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                while (reader.hasNext()) {
                    if (reader.next() == javax.xml.stream.XMLStreamConstants.START_ELEMENT) {
                        if (!FHIR_NAMESPACE.equals(reader.getNamespaceURI())) {
                            throw new OpenSpineException.Invalid("structure", "the root element <" + reader.getLocalName()
                                    + "> must be in the FHIR namespace " + FHIR_NAMESPACE);
                        }
                        return;
                    }
                }
            } finally {
                reader.close();
            }
        } catch (javax.xml.stream.XMLStreamException e) {
            throw new OpenSpineException.Invalid("structure", "the body is not well-formed XML: " + e.getMessage(), e);
        }
        throw new OpenSpineException.Invalid("structure", "the body has no XML element");
    }

    /** Parses JSON this server stored earlier (already validated). */
    public IBaseResource parseStored(String json) {
        return context.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false)).parseResource(json);
    }

    /** @return the compact JSON form that is stored and served by default */
    public String encodeStored(IBaseResource resource) {
        return context.newJsonParser().encodeResourceToString(resource);
    }

    /** @return {@code resource} written as {@code options} ask (format, pretty, summary, elements) */
    public String encode(IBaseResource resource, EncodeOptions options) {
        IParser parser = parser(options.format()).setPrettyPrint(options.pretty());
        boolean subset = false;
        switch (options.summary()) {
            case TRUE -> {
                parser.setSummaryMode(true);
                subset = true;
            }
            case DATA -> {
                parser.setSuppressNarratives(true);
                subset = true;
            }
            case TEXT -> {
                parser.setEncodeElements(Set.of("*.text", "*.id", "*.meta"));
                subset = true;
            }
            case COUNT, FALSE -> {
            }
        }
        if (!options.elements().isEmpty()) {
            Set<String> names = new HashSet<>();
            for (String element : options.elements()) {
                names.add(element.contains(".") ? element : "*." + element);
            }
            names.add("*.id");
            names.add("*.meta");
            parser.setEncodeElements(names);
            parser.setEncodeElementsAppliesToChildResourcesOnly(resource instanceof org.hl7.fhir.r4.model.Bundle);
            subset = true;
        }
        if (subset && resource instanceof Resource r && !(resource instanceof org.hl7.fhir.r4.model.Bundle)) {
            Coding tag = r.getMeta().getTag(SUBSETTED_SYSTEM, "SUBSETTED");
            if (tag == null) {
                r.getMeta().addTag(SUBSETTED_SYSTEM, "SUBSETTED", "Resource encoded in summary mode");
            }
        }
        return parser.encodeResourceToString(resource);
    }

    private IParser parser(MediaType format) {
        return switch (format) {
            case JSON -> context.newJsonParser();
            case XML -> context.newXmlParser();
            case JSON_PATCH -> throw new OpenSpineException.UnsupportedMediaType(
                    "a JSON Patch document is only accepted by PATCH");
        };
    }

    /** HAPI prefixes its messages with an internal code ("HAPI-1861: "); callers do not need it. */
    private static String clean(String message) {
        return message == null ? "unknown parse error" : message.replaceFirst("^HAPI-\\d+: ", "");
    }
}
