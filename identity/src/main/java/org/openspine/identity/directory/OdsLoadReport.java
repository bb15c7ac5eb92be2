package org.openspine.identity.directory;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What loading one ODS file did.
 *
 * @param kind           the kind of file
 * @param rows           how many organisations it held
 * @param resources      per resource type (Organization, Location, HealthcareService): how many were created,
 *                       updated and left as they were
 * @param childrenLinked organisations loaded earlier that named one of this file's organisations as their
 *                       parent before it was in the directory, now linked to it
 */
public record OdsLoadReport(OdsFileKind kind, int rows, Map<String, Tally> resources, int childrenLinked) {

    public OdsLoadReport {
        Objects.requireNonNull(kind, "kind");
        resources = Map.copyOf(resources);
    }

    /** @return the tally of {@code type}; all zero when the load wrote none of that type */
    public Tally of(String type) {
        return resources.getOrDefault(type, new Tally(0, 0, 0));
    }

    /** @return one line for logs and the command line, e.g. {@code epraccur: 7 rows; Organization 7 created, ...} */
    public String summary() {
        StringBuilder text = new StringBuilder(kind.fileName()).append(": ").append(rows).append(rows == 1 ? " row" : " rows");
        new TreeMap<>(resources).forEach((type, tally) -> text.append("; ").append(type).append(' ')
                .append(tally.created()).append(" created, ").append(tally.updated()).append(" updated, ")
                .append(tally.unchanged()).append(" unchanged"));
        if (childrenLinked > 0) {
            text.append("; ").append(childrenLinked).append(" organisations linked to their parent");
        }
        return text.toString();
    }

    /**
     * @param created   resources new to the directory
     * @param updated   resources whose directory elements changed
     * @param unchanged resources that already held what the file says
     */
    public record Tally(int created, int updated, int unchanged) {
    }
}
