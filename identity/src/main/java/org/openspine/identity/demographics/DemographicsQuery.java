package org.openspine.identity.demographics;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PDS patient search ({@code GET /Patient?...}), checked as the PDS API checks it and turned into
 * the record store's search criteria plus what the store's search cannot say alone: names matched
 * whole (or by {@code *} wildcards) rather than by prefix, and whether restricted records are left out
 * (when a postcode or GP was searched, so nobody can find where a restricted patient lives).
 *
 * @param criteria      FHIR search criteria over the stored Patients
 * @param family        the family name as asked, possibly with wildcards
 * @param given         the given names as asked
 * @param exact         {@code _exact-match}: names must match exactly, case included
 * @param fuzzy         {@code _fuzzy-match}
 * @param maxResults    {@code _max-results}, 1..50
 * @param hidesRestricted whether restricted records are left out
 * @param birthDate     the birth date when one day was asked for ({@code eq}), else null
 * @param gender        the gender asked for, or null
 * @param postcode      the postcode asked for, or null
 */
record DemographicsQuery(Map<String, List<String>> criteria, String family, List<String> given, boolean exact,
        boolean fuzzy, int maxResults, boolean hidesRestricted, LocalDate birthDate, String gender, String postcode) {

    static final int MAX_RESULTS = 50;
    private static final Set<String> PARAMETERS = Set.of("family", "given", "gender", "birthdate", "death-date",
            "address-postalcode", "address-postcode", "general-practitioner", "email", "phone", "_fuzzy-match",
            "_exact-match", "_history", "_max-results");
    private static final Set<String> GENDERS = Set.of("male", "female", "other", "unknown");
    private static final Pattern DATE = Pattern.compile("(eq|ge|le)?(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern DIACRITICS = Pattern.compile("\\p{M}+");

    DemographicsQuery {
        criteria = Map.copyOf(criteria);
        given = List.copyOf(given);
    }

    /**
     * @throws SpineRefusal with the PDS code for each kind of bad search, in the order PDS checks them
     */
    static DemographicsQuery parse(Map<String, List<String>> params) {
        if (params.isEmpty()) {
            throw new SpineRefusal(SpineError.UNSUPPORTED_SERVICE, "Unsupported service - a search needs parameters");
        }
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new SpineRefusal(SpineError.ADDITIONAL_PROPERTIES, "Invalid request with error - additional "
                        + "properties are not allowed: '" + name + "'");
            }
        }
        boolean fuzzy = flag(params, "_fuzzy-match");
        boolean exact = flag(params, "_exact-match");
        flag(params, "_history");
        int maxResults = maxResults(params);
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        List<String> birthdates = dates(params, "birthdate");
        List<String> deathDates = dates(params, "death-date");
        if (birthdates.isEmpty()) {
            throw new SpineRefusal(SpineError.MISSING_VALUE, "Missing value - 'birth_date/birth_date_range_start/"
                    + "birth_date_range_end'");
        }
        String family = single(params, "family");
        if (family != null && family.isBlank()) {
            family = null;
        }
        if (fuzzy) {
            checkFuzzy(params, birthdates, family);
        } else if (family == null) {
            throw new SpineRefusal(SpineError.INVALID_SEARCH_DATA, "Invalid search data provided - 'a search needs a "
                    + "family name and a birth date'");
        }
        criteria.put("birthdate", birthdates);
        if (!deathDates.isEmpty()) {
            criteria.put("death-date", deathDates);
        }
        if (family != null) {
            criteria.put("family", List.of(prefix(family, "family")));
        }
        List<String> given = params.getOrDefault("given", List.of());
        for (String name : given) {
            criteria.computeIfAbsent("given", k -> new ArrayList<>()).add(prefix(name, "given"));
        }
        String gender = single(params, "gender");
        if (gender != null) {
            if (!GENDERS.contains(gender)) {
                throw SpineRefusal.invalidValue(gender, "gender");
            }
            criteria.put("gender", List.of(gender));
        }
        String postcode = single(params, "address-postalcode");
        if (postcode == null) {
            postcode = single(params, "address-postcode");
        }
        if (postcode != null) {
            criteria.put("address-postalcode", List.of(prefix(postcode(postcode), "address-postalcode")));
        }
        String practice = single(params, "general-practitioner");
        if (practice != null) {
            criteria.put("general-practitioner:Organization.identifier", List.of(PatientView.ODS + "|" + practice.strip()));
        }
        String email = single(params, "email");
        if (email != null) {
            criteria.put("email", List.of(email.strip()));
        }
        String phone = single(params, "phone");
        if (phone != null) {
            criteria.put("phone", List.of(phone.strip()));
        }
        LocalDate day = birthdates.size() == 1 && birthdates.get(0).startsWith("eq")
                ? LocalDate.parse(birthdates.get(0).substring(2)) : null;
        return new DemographicsQuery(criteria, family == null ? null : family.strip(),
                given.stream().map(String::strip).toList(), exact, fuzzy, maxResults, postcode != null || practice != null,
                day, gender, postcode);
    }

    /**
     * A fuzzy search needs one birth date and given and family names, or a name of either kind with gender and
     * postcode (as on PDS); wildcards have no place in it.
     */
    private static void checkFuzzy(Map<String, List<String>> params, List<String> birthdates, String family) {
        if (birthdates.size() != 1 || !birthdates.get(0).startsWith("eq")) {
            throw new SpineRefusal(SpineError.INVALID_SEARCH_DATA, "Invalid search data provided - 'a fuzzy search "
                    + "takes one birth date, not a range'");
        }
        for (String field : List.of("family", "given", "address-postalcode", "address-postcode")) {
            if (params.getOrDefault(field, List.of()).stream().anyMatch(v -> v.contains("*"))) {
                throw new SpineRefusal(SpineError.INVALID_SEARCH_DATA, "Invalid search data provided - 'a fuzzy search "
                        + "takes no wildcards'");
            }
        }
        boolean given = !params.getOrDefault("given", List.of()).isEmpty();
        boolean gender = params.containsKey("gender");
        boolean postcode = params.containsKey("address-postalcode") || params.containsKey("address-postcode");
        if (!(given && family != null) && !((given || family != null) && gender && postcode)) {
            throw new SpineRefusal(SpineError.INVALID_SEARCH_DATA, "Invalid search data provided - 'a fuzzy search "
                    + "needs given and family names with the birth date, or a name with gender, postcode and birth date'");
        }
    }

    /** @return whether the stored Patient's names match as PDS matches them: whole, or by wildcard */
    boolean namesMatch(JsonNode patient) {
        for (JsonNode name : patient.path("name")) {
            if (!matches(family, name.path("family").asText(""))) {
                continue;
            }
            boolean allGiven = true;
            for (String asked : given) {
                boolean any = false;
                for (JsonNode stored : name.path("given")) {
                    any |= matches(asked, stored.asText(""));
                }
                allGiven &= any;
            }
            if (allGiven) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String asked, String stored) {
        if (exact) {
            return asked.equals(stored);
        }
        String pattern = fold(asked);
        String value = fold(stored);
        if (!pattern.contains("*")) {
            return pattern.equals(value);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            regex.append(Pattern.quote(part)).append(".*");
        }
        regex.setLength(regex.length() - 2);
        return value.matches(regex.toString());
    }

    /** Case- and accent-insensitive, as PDS compares names. */
    static String fold(String text) {
        return DIACRITICS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** @return the part before the first wildcard, which the store's prefix search can use */
    private static String prefix(String value, String field) {
        int star = value.indexOf('*');
        if (star < 0) {
            return value.strip();
        }
        if (star < 2) {
            throw new SpineRefusal(SpineError.INVALID_SEARCH_DATA, "Invalid search data provided - '" + field + "' needs at "
                    + "least two characters before a wildcard");
        }
        return value.substring(0, star).strip();
    }

    /** @return a UK postcode as printed: upper case, one space before the last three characters */
    static String postcode(String text) {
        String compact = text.replace(" ", "").toUpperCase(Locale.ROOT);
        return compact.length() > 3 && !compact.contains("*")
                ? compact.substring(0, compact.length() - 3) + " " + compact.substring(compact.length() - 3) : compact;
    }

    private static List<String> dates(Map<String, List<String>> params, String field) {
        List<String> values = new ArrayList<>();
        for (String value : params.getOrDefault(field, List.of())) {
            var matcher = DATE.matcher(value.strip());
            if (!matcher.matches()) {
                throw SpineRefusal.invalidValue(value, field);
            }
            try {
                LocalDate.parse(matcher.group(2));
            } catch (DateTimeParseException e) {
                throw SpineRefusal.invalidValue(value, field);
            }
            values.add((matcher.group(1) == null ? "eq" : matcher.group(1)) + matcher.group(2));
        }
        return values;
    }

    private static int maxResults(Map<String, List<String>> params) {
        String value = single(params, "_max-results");
        if (value == null) {
            return MAX_RESULTS;
        }
        try {
            int max = Integer.parseInt(value.strip());
            if (max >= 1 && max <= MAX_RESULTS) {
                return max;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw SpineRefusal.invalidValue(value, "_max-results");
    }

    private static boolean flag(Map<String, List<String>> params, String name) {
        String value = single(params, name);
        if (value == null) {
            return false;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw SpineRefusal.invalidValue(value, name);
        }
        return value.equals("true");
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw SpineRefusal.invalidValue(String.join(",", values), name);
        }
        return values.get(0);
    }
}
