package org.openspine.fhir.rest;

import ca.uhn.fhir.fhirpath.IFhirPath;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.openspine.fhir.model.FhirPathText;
import org.openspine.platform.error.OpenSpineException;

/**
 * FHIRPath Patch (a Parameters resource of {@code operation}s: add, insert, delete, replace, move),
 * applied in order to a parsed resource. Any failing operation fails the whole patch; the caller
 * discards the resource, so nothing is half-applied.
 */
final class FhirPathPatch {

    private final ca.uhn.fhir.context.FhirContext context;
    private volatile IFhirPath fhirPath;

    /** The FHIRPath engine is made on first patch: it loads every structure definition (seconds). */
    FhirPathPatch(ca.uhn.fhir.context.FhirContext context) {
        this.context = context;
    }

    private IFhirPath engine() {
        IFhirPath engine = fhirPath;
        if (engine == null) {
            synchronized (this) {
                if (fhirPath == null) {
                    fhirPath = context.newFhirPath();
                }
                engine = fhirPath;
            }
        }
        return engine;
    }

    /** Applies {@code patch} to {@code resource} in place. @throws OpenSpineException.Unprocessable on a bad operation */
    void apply(Resource resource, Parameters patch) {
        int n = 0;
        for (Parameters.ParametersParameterComponent operation : patch.getParameter()) {
            n++;
            if (!"operation".equals(operation.getName())) {
                throw malformed(n, "each parameter of a FHIRPath Patch must be named 'operation'");
            }
            try {
                applyOne(resource, operation, n);
            } catch (ca.uhn.fhir.fhirpath.FhirPathExecutionException e) {
                throw malformed(n, "the path is not valid FHIRPath: " + e.getMessage());
            } catch (FHIRException | IllegalArgumentException | ClassCastException e) {
                throw invalid(n, e.getMessage());
            }
        }
    }

    private void applyOne(Resource resource, Parameters.ParametersParameterComponent operation, int n) {
        String type = text(operation, "type", n, true);
        String path = text(operation, "path", n, true);
        switch (type) {
            case "add" -> {
                Base container = single(resource, path, n);
                String name = text(operation, "name", n, true);
                Parameters.ParametersParameterComponent value = part(operation, "value", n);
                if (value.hasValue()) {
                    set(container, name, value.getValue());
                } else {
                    fill(container.makeProperty(name.hashCode(), name), value.getPart(), n);
                }
            }
            case "insert" -> {
                Location at = locate(resource, path, n);
                List<Base> items = new ArrayList<>(List.of(at.parent().listChildrenByName(at.name(), false)));
                int index = index(operation, "index", n);
                if (index > items.size()) {
                    throw invalid(n, "insert index " + index + " is past the end of " + path);
                }
                items.add(index, value(operation, n));
                replaceAll(at, items);
            }
            case "delete" -> {
                List<IBase> targets = engine().evaluate(resource, path, IBase.class);
                if (targets.size() > 1) {
                    throw invalid(n, "delete path " + path + " matches " + targets.size() + " elements; it must match at most one");
                }
                if (targets.size() == 1) {
                    Location at = locate(resource, path, n);
                    at.parent().removeChild(at.name(), (Base) targets.get(0));
                }
            }
            case "replace" -> {
                Base target = single(resource, path, n);
                Location at = locate(resource, path, n);
                List<Base> items = new ArrayList<>(List.of(at.parent().listChildrenByName(at.name(), false)));
                int index = indexOf(items, target);
                if (index < 0) {
                    throw invalid(n, "cannot find the element " + path + " in its parent");
                }
                items.set(index, value(operation, n));
                replaceAll(at, items);
            }
            case "move" -> {
                Location at = locate(resource, path, n);
                List<Base> items = new ArrayList<>(List.of(at.parent().listChildrenByName(at.name(), false)));
                int source = index(operation, "source", n);
                int destination = index(operation, "destination", n);
                if (source >= items.size() || destination >= items.size()) {
                    throw invalid(n, "move source or destination is past the end of " + path);
                }
                items.add(destination, items.remove(source));
                replaceAll(at, items);
            }
            default -> throw malformed(n, "unknown operation type '" + type + "'; use add, insert, delete, replace or move");
        }
    }

    /** The element a path names, as (parent, child name): filters after the name are dropped. */
    private Location locate(Resource resource, String path, int n) {
        List<String> segments = topLevelSegments(path);
        int nameAt = segments.size() - 1;
        while (nameAt > 0 && segments.get(nameAt).contains("(")) {
            nameAt--;
        }
        if (nameAt < 1) {
            throw invalid(n, "path " + path + " does not name an element inside the resource");
        }
        String name = segments.get(nameAt).replaceAll("\\[\\d+]$", "");
        String parentPath = String.join(".", segments.subList(0, nameAt));
        Base parent = single(resource, parentPath, n);
        return new Location(parent, name);
    }

    private Base single(Resource resource, String path, int n) {
        List<IBase> found = engine().evaluate(resource, path, IBase.class);
        if (found.size() != 1) {
            throw invalid(n, "path " + path + " matches " + found.size() + " elements; it must match exactly one");
        }
        return (Base) found.get(0);
    }

    private static void replaceAll(Location at, List<Base> items) {
        for (Base old : at.parent().listChildrenByName(at.name(), false)) {
            at.parent().removeChild(at.name(), old);
        }
        for (Base item : items) {
            set(at.parent(), at.name(), item);
        }
    }

    private static void set(Base container, String name, Base value) {
        try {
            container.setProperty(name, value);
        } catch (FHIRException e) {
            container.setProperty(name + "[x]", value); // choice elements are named value[x] in the model
        }
    }

    private void fill(Base element, List<Parameters.ParametersParameterComponent> parts, int n) {
        for (Parameters.ParametersParameterComponent part : parts) {
            if (part.hasValue()) {
                set(element, part.getName(), part.getValue());
            } else if (part.hasPart()) {
                fill(element.makeProperty(part.getName().hashCode(), part.getName()), part.getPart(), n);
            } else {
                throw invalid(n, "value part '" + part.getName() + "' has neither a value nor parts");
            }
        }
    }

    private Base value(Parameters.ParametersParameterComponent operation, int n) {
        Parameters.ParametersParameterComponent value = part(operation, "value", n);
        if (!value.hasValue()) {
            throw invalid(n, "this operation needs a value[x]");
        }
        return value.getValue();
    }

    private static int indexOf(List<Base> items, Base target) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == target) {
                return i;
            }
        }
        return -1;
    }

    private static Parameters.ParametersParameterComponent part(Parameters.ParametersParameterComponent operation,
            String name, int n) {
        for (Parameters.ParametersParameterComponent part : operation.getPart()) {
            if (name.equals(part.getName())) {
                return part;
            }
        }
        throw malformed(n, "operation is missing its '" + name + "' part");
    }

    private static String text(Parameters.ParametersParameterComponent operation, String name, int n, boolean required) {
        for (Parameters.ParametersParameterComponent part : operation.getPart()) {
            if (name.equals(part.getName()) && part.getValue() instanceof Type value && value.isPrimitive()) {
                return value.primitiveValue();
            }
        }
        if (required) {
            throw malformed(n, "operation is missing its '" + name + "' part");
        }
        return null;
    }

    private static int index(Parameters.ParametersParameterComponent operation, String name, int n) {
        Parameters.ParametersParameterComponent part = part(operation, name, n);
        if (part.getValue() instanceof IntegerType integer && integer.getValue() != null && integer.getValue() >= 0) {
            return integer.getValue();
        }
        if (part.getValue() instanceof StringType) {
            throw invalid(n, "'" + name + "' must be a valueInteger");
        }
        throw invalid(n, "'" + name + "' must be a non-negative valueInteger");
    }

    /** Splits a FHIRPath at top-level dots (not inside parentheses or quotes). */
    static List<String> topLevelSegments(String path) {
        return FhirPathText.splitTopLevel(path, '.');
    }

    /** The patch document itself is malformed: a 400, whatever resource it is applied to. */
    private static OpenSpineException malformed(int n, String message) {
        return new OpenSpineException.Invalid("invalid", "FHIRPath Patch operation " + n + ": " + message);
    }

    /** The patch is well-formed but cannot be applied to this resource: a 422. */
    private static OpenSpineException invalid(int n, String message) {
        return new OpenSpineException.Unprocessable("processing", "FHIRPath Patch operation " + n + ": " + message);
    }

    private record Location(Base parent, String name) {
    }
}
