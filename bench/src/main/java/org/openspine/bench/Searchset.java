package org.openspine.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a search answered, read just far enough to judge it: the Bundle's type and, for each entry, the
 * resource's type, id and subject reference.
 *
 * <p>Read with Jackson's streaming parser, skipping everything else: the search scenarios check every
 * response, and on a small machine a tree per response would take CPU from the server being measured.
 *
 * @param searchset whether the body is a Bundle of type {@code searchset}
 * @param entries the entries' resources, in Bundle order
 */
record Searchset(boolean searchset, List<Found> entries) {

    private static final JsonFactory JSON = new JsonFactory();

    Searchset {
        entries = List.copyOf(entries);
    }

    /**
     * One entry's resource; a part it lacks is "".
     *
     * @param subject {@code subject.reference}, as Observations and MedicationRequests carry it
     */
    record Found(String type, String id, String subject) {
    }

    /** @throws IOException when {@code body} is not well-formed JSON */
    static Searchset read(byte[] body) throws IOException {
        String resourceType = "";
        String type = "";
        List<Found> entries = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Searchset(false, entries);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "resourceType" -> resourceType = parser.getText();
                    case "type" -> type = parser.getText();
                    case "entry" -> {
                        if (value == JsonToken.START_ARRAY) {
                            while (parser.nextToken() == JsonToken.START_OBJECT) {
                                entries.add(entry(parser));
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        }
        return new Searchset(resourceType.equals("Bundle") && type.equals("searchset"), entries);
    }

    /** @return how many entries hold a {@code type} resource */
    int count(String type) {
        return (int) entries.stream().filter(found -> found.type().equals(type)).count();
    }

    /** @return whether an entry holds the {@code type} resource with this id */
    boolean has(String type, String id) {
        return entries.stream().anyMatch(found -> found.type().equals(type) && found.id().equals(id));
    }

    /** @return whether every {@code type} entry has Patient {@code patientId} as its subject */
    boolean allAbout(String type, String patientId) {
        return entries.stream().filter(found -> found.type().equals(type))
                .allMatch(found -> refersTo(found.subject(), "Patient", patientId));
    }

    /** @return whether {@code reference} (relative, absolute, or versioned) points at {@code type/id} */
    static boolean refersTo(String reference, String type, String id) {
        int history = reference.indexOf("/_history/");
        String unversioned = history < 0 ? reference : reference.substring(0, history);
        String target = type + "/" + id;
        return unversioned.equals(target) || unversioned.endsWith("/" + target);
    }

    /** Reads one entry object, the parser on its START_OBJECT. */
    private static Found entry(JsonParser parser) throws IOException {
        Found found = new Found("", "", "");
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (parser.nextToken() == JsonToken.START_OBJECT && field.equals("resource")) {
                found = resource(parser);
            } else {
                parser.skipChildren();
            }
        }
        return found;
    }

    private static Found resource(JsonParser parser) throws IOException {
        String type = "";
        String id = "";
        String subject = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "resourceType" -> type = parser.getText();
                case "id" -> id = parser.getText();
                case "subject" -> {
                    if (value == JsonToken.START_OBJECT) {
                        subject = reference(parser);
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new Found(type, id, subject);
    }

    private static String reference(JsonParser parser) throws IOException {
        String reference = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("reference")) {
                reference = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return reference;
    }
}
