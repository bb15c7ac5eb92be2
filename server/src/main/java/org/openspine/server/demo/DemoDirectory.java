package org.openspine.server.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.openspine.fhir.access.RecordAccess;
import org.openspine.fhir.access.RecordGuard;
import org.openspine.fhir.rest.FhirApi;
import org.openspine.fhir.search.query.FhirSearch;
import org.openspine.fhir.store.StoredResource;
import org.openspine.identity.directory.OdsFileKind;
import org.openspine.identity.directory.OdsLoadReport;
import org.openspine.identity.directory.OdsLoader;
import org.openspine.identity.directory.StaffDirectory;
import org.openspine.identity.directory.StaffRole;
import org.openspine.identity.registration.EndReason;
import org.openspine.identity.registration.GpRegistrations;
import org.openspine.identity.registration.GpRegistrations.PatientKey;
import org.openspine.platform.database.Database;
import org.openspine.platform.identifier.NhsNumber;
import org.openspine.platform.security.Caller;
import org.openspine.platform.security.RoleProfile;
import org.openspine.platform.security.token.DemoUsers;

/**
 * The demo's organisation directory, staff roles and GP registration histories, written through the
 * identity services exactly as an operator's loads and a practice's registrations would be:
 * <ul>
 * <li>the ODS files in {@code /demo/ods/} (an integrated care board, four primary care networks, five GP
 * practices of which one closed in 2021, the hospital trust, a community pharmacy and a care home), loaded
 * parents first;</li>
 * <li>a Practitioner and PractitionerRoles, with their national role codes, for every demo member of staff
 * ({@link DemoUsers});</li>
 * <li>a registration history for the PDS sandbox people and every demo patient: most registered at their
 * practice for years, every fifth moved there from another practice, and every tenth (from the fourth)
 * left their first practice at their own request and registered at their present one some months later.</li>
 * </ul>
 * Idempotent: a second run changes nothing (the loads find nothing to change, and a patient with a
 * registration history is left alone).
 */
public final class DemoDirectory {

    /** The ODS files, parents before children, so every {@code partOf} resolves as it is written. */
    private static final List<OdsFileKind> FILES = List.of(OdsFileKind.EICB, OdsFileKind.EPCN, OdsFileKind.EPRACCUR,
            OdsFileKind.ETR, OdsFileKind.EDISPENSARY, OdsFileKind.ECAREHOMESITE);
    /** People registered after this (the youngest) have simple histories, so that no change falls in the future. */
    private static final LocalDate SIMPLE_AFTER = LocalDate.of(2020, 1, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final FhirApi api;
    private final FhirSearch search;
    private final OdsLoader loader;
    private final StaffDirectory staff;
    private final GpRegistrations registrations;

    public DemoDirectory(Database database, FhirApi api, FhirSearch search, GpRegistrations registrations) {
        this.database = database;
        this.api = api;
        this.search = search;
        this.loader = new OdsLoader(api, search);
        this.staff = new StaffDirectory(api, search);
        this.registrations = registrations;
    }

    /**
     * Loads the directory, the staff roles and the registration histories of the sandbox people and the
     * first {@code patients} patients of {@code population}, each step in its own transaction.
     *
     * @return one line per ODS file loaded, for the log
     */
    public List<String> load(SyntheticPopulation population, int patients) {
        List<String> loaded = new ArrayList<>();
        for (OdsFileKind kind : FILES) {
            OdsLoadReport report = database.inTransaction(connection -> {
                try (InputStream csv = DemoDirectory.class.getResourceAsStream("/demo/ods/" + kind.fileName() + ".csv")) {
                    return loader.load(connection, openSpine(), kind, csv);
                } catch (IOException e) {
                    throw new UncheckedIOException("the demo ODS file " + kind.fileName() + " is missing from the jar", e);
                }
            });
            loaded.add(report.summary());
        }
        database.inTransaction(connection -> {
            for (DemoUsers.DemoUser user : DemoUsers.ALL) {
                if (user.caller() instanceof Caller.Staff member) {
                    for (RoleProfile role : member.roles()) {
                        staff.record(connection, openSpine(), new StaffRole(member.id(), member.displayName(), role.id(),
                                role.roleCode(), role.jobRole(), role.odsCode()));
                    }
                }
            }
            return null;
        });
        register(new NhsNumber(DemoUsers.PATIENT_NHS_NUMBER), born -> List.of(
                new Move("A81002", LocalDate.of(2010, 11, 1), Optional.empty()),
                new Move("A81001", LocalDate.of(2018, 9, 3), Optional.empty())));
        register(new NhsNumber(DemoUsers.CARER_NHS_NUMBER),
                born -> List.of(new Move("A81001", LocalDate.of(2005, 3, 1), Optional.empty())));
        register(new NhsNumber("9000000025"),
                born -> List.of(new Move("A81001", LocalDate.of(2012, 1, 9), Optional.empty())));
        for (int i = 0; i < patients; i++) {
            int index = i;
            register(population.nhsNumber(i), born -> history(index, born));
        }
        return loaded;
    }

    /** One step of a history: registration at a practice from a day, or (with a reason) deregistration. */
    private record Move(String odsCode, LocalDate day, Optional<EndReason> deregistration) {
    }

    /** @return patient {@code index}'s history, ending registered at the practice their bundle names */
    private static List<Move> history(int index, LocalDate born) {
        String practice = CareProviders.PRACTICES.get(Math.floorMod(index, CareProviders.PRACTICES.size())).odsCode();
        String before = CareProviders.PRACTICES.get(Math.floorMod(index + 1, CareProviders.PRACTICES.size())).odsCode();
        LocalDate since = LocalDate.of(2005, 4, 1).plusDays(index * 53L % 3000);
        since = since.isBefore(born) ? born : since;
        if (since.isAfter(SIMPLE_AFTER)) {
            return List.of(new Move(practice, since, Optional.empty()));
        }
        if (index % 5 == 0) {
            return List.of(new Move(before, since, Optional.empty()),
                    new Move(practice, since.plusDays(700 + index * 11L), Optional.empty()));
        }
        if (index % 10 == 3) {
            return List.of(new Move(before, since, Optional.empty()),
                    new Move(before, since.plusDays(400), Optional.of(EndReason.RPR)),
                    new Move(practice, since.plusDays(500), Optional.empty()));
        }
        return List.of(new Move(practice, since, Optional.empty()));
    }

    /** Applies the moves (given the birth date) to the person, unless they have a registration history already. */
    private void register(NhsNumber nhsNumber, Function<LocalDate, List<Move>> moves) {
        database.inTransaction(connection -> {
            List<StoredResource> found = search.find(connection, "Patient",
                    Map.of("identifier", List.of(NhsNumber.SYSTEM + "|" + nhsNumber.value())), "urn:openspine:demo", 1);
            if (found.isEmpty() || !registrations.history(connection, found.get(0).id()).isEmpty()) {
                return null;
            }
            LocalDate born = birthDate(found.get(0));
            PatientKey key = new PatientKey.ById(found.get(0).id());
            for (Move move : moves.apply(born)) {
                if (move.deregistration().isPresent()) {
                    registrations.deregister(connection, openSpine(), key, move.deregistration().get(),
                            Optional.of(move.day()));
                } else {
                    registrations.register(connection, openSpine(), key, move.odsCode(), Optional.of(move.day()));
                }
            }
            return null;
        });
    }

    private static LocalDate birthDate(StoredResource patient) {
        try {
            JsonNode born = JSON.readTree(patient.json()).path("birthDate");
            return born.isTextual() ? LocalDate.parse(born.asText()) : LocalDate.MIN;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored Patient is not JSON", e);
        }
    }

    private RecordGuard openSpine() {
        return api.guard(RecordAccess.OPENSPINE);
    }
}
