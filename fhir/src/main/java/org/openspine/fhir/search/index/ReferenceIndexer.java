package org.openspine.fhir.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.openspine.fhir.search.SearchParam;

/**
 * Reference parameters (FHIR R4 search, "reference").
 *
 * <ul>
 * <li>{@code Type/id} and {@code Type/id/_history/v}: (Type, id, v).</li>
 * <li>An absolute URL ending in {@code /Type/id} (optionally {@code /_history/v}) with a known type:
 *     (Type, id, v), and (no type, as written). The first drops the base, so a reference written
 *     absolutely to this server matches {@code subject=Patient/1} (the index cannot tell this server's
 *     base from another's: the base is the request's); the second lets a search by the absolute URL of
 *     another server, which the query side keeps whole, find it.</li>
 * <li>Anything else (another absolute URL, {@code urn:oid:}, an unknown type): (no type, as written).</li>
 * <li>{@code #id} (contained) and {@code urn:uuid:} (bundle-local; a transaction rewrites them
 *     before storing) give no reference entry.</li>
 * <li>{@code Reference.identifier}: a token under {@code :identifier}, for {@code subject:identifier=}.</li>
 * <li>canonical: (no type, URL before {@code |}, version after it); uri and url: (no type, as written).</li>
 * <li>An embedded resource ({@code Bundle.entry[0].resource}): (its type, its id), when it has an id.</li>
 * </ul>
 * The parameter's target list does not filter; only a {@code where(resolve() is Type)} does, in the path.
 */
final class ReferenceIndexer implements ValueIndexer {

    private final Set<String> resourceTypes;
    private final boolean withIdentifiers;

    /** @param resourceTypes the known resource type names, which relative and absolute references must use */
    ReferenceIndexer(Set<String> resourceTypes) {
        this(resourceTypes, true);
    }

    private ReferenceIndexer(Set<String> resourceTypes, boolean withIdentifiers) {
        this.resourceTypes = Set.copyOf(resourceTypes);
        this.withIdentifiers = withIdentifiers;
    }

    @Override
    public Optional<Conversion> conversion(String fhirType) {
        if (fhirType.equals(ElementType.ANY_RESOURCE) || resourceTypes.contains(fhirType)) {
            return Optional.of(ReferenceIndexer::embedded);
        }
        return Optional.ofNullable(switch (fhirType) {
            case "Reference" -> this::reference;
            case "canonical" -> ReferenceIndexer::canonical;
            case "uri", "url" -> (param, value, out) -> {
                String uri = JsonFields.nonBlank(value);
                if (uri != null) {
                    out.add(new IndexEntry.Reference(param, null, uri, null));
                }
            };
            default -> null;
        });
    }

    @Override
    public ValueIndexer plain() {
        return new ReferenceIndexer(resourceTypes, false);
    }

    private void reference(SearchParam param, JsonNode reference, Collection<IndexEntry> out) {
        String text = JsonFields.nonBlank(reference.get("reference"));
        if (text != null && !text.startsWith("#") && !text.startsWith("urn:uuid:")) {
            Optional<ReferenceTarget> target = ReferenceTarget.parse(text, resourceTypes);
            target.ifPresent(t -> out.add(new IndexEntry.Reference(param, t.type(), t.id(), t.version())));
            if (target.isEmpty() || text.contains("://")) {
                out.add(new IndexEntry.Reference(param, null, text, null));
            }
        }
        if (withIdentifiers) {
            JsonNode identifier = reference.path("identifier");
            TokenIndexer.token(param, JsonFields.text(identifier, "system"), JsonFields.text(identifier, "value"),
                    "identifier", out);
        }
    }

    private static void canonical(SearchParam param, JsonNode value, Collection<IndexEntry> out) {
        String canonical = JsonFields.nonBlank(value);
        if (canonical == null) {
            return;
        }
        int bar = canonical.indexOf('|');
        String version = bar < 0 || bar == canonical.length() - 1 ? null : canonical.substring(bar + 1);
        out.add(new IndexEntry.Reference(param, null, bar < 0 ? canonical : canonical.substring(0, bar), version));
    }

    private static void embedded(SearchParam param, JsonNode resource, Collection<IndexEntry> out) {
        String type = JsonFields.text(resource, "resourceType");
        String id = JsonFields.text(resource, "id");
        if (type != null && id != null) {
            out.add(new IndexEntry.Reference(param, type, id, null));
        }
    }
}
