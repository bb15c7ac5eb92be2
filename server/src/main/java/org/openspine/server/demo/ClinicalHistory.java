package org.openspine.server.demo;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.openspine.server.demo.CareProviders.Clinician;
import org.openspine.server.demo.CareProviders.Provider;
import org.openspine.server.demo.ClinicalCatalogue.AcuteCondition;
import org.openspine.server.demo.ClinicalCatalogue.Allergen;
import org.openspine.server.demo.ClinicalCatalogue.Lab;
import org.openspine.server.demo.ClinicalCatalogue.LongTermCondition;
import org.openspine.server.demo.ClinicalCatalogue.Medicine;
import org.openspine.server.demo.ClinicalCatalogue.Reason;
import org.openspine.server.demo.Demographics.Person;

/**
 * Decides what happened to one patient in the three years before the generation day (long-term problems,
 * allergies, surgery visits, perhaps an admission, the measurements and prescriptions that go with them) and
 * adds the resources to the patient's bundle, each referring to the patient by its urn:uuid.
 *
 * <p>All choices come from the patient's own {@link Random}, in a fixed order: changing the order of draws
 * here changes every generated record, which is allowed but breaks comparison with earlier runs.
 * One instance writes one patient on one thread.
 */
final class ClinicalHistory {

    private static final int WINDOW_DAYS = 3 * 365;
    private static final Reason CHECK_UP = new Reason("185349003", "Encounter for check up");
    private static final Reason FOLLOW_UP = new Reason("390906007", "Follow-up encounter");
    private static final Reason SYMPTOM = new Reason("185345009", "Encounter for symptom");
    private static final Reason EMERGENCY_ADMISSION = new Reason("183452005", "Emergency hospital admission");
    private static final double[] ADMISSION_CHANCE = {0.02, 0.03, 0.06, 0.15};
    private static final int[] BASE_VISITS = {1, 1, 2, 3};

    private final Random random;
    private final TransactionBundle bundle;
    private final Person person;
    private final String patientUrl;
    private final Provider practice;
    private final Clinician gp;
    private final LocalDate asOf;
    private final double heightCm;
    private final double bmi;

    ClinicalHistory(Random random, TransactionBundle bundle, Person person, String patientUrl, Provider practice,
                    LocalDate asOf) {
        this.random = random;
        this.bundle = bundle;
        this.person = person;
        this.patientUrl = patientUrl;
        this.practice = practice;
        this.gp = practice.clinicians().get(random.nextInt(practice.clinicians().size()));
        this.asOf = asOf;
        this.heightCm = height();
        this.bmi = person.age() < 18 ? 15.5 + random.nextGaussian() * 1.5 + person.age() * 0.2
                : Math.clamp(27.5 + random.nextGaussian() * 5, 17, 48);
    }

    /** Adds the whole history to the bundle. */
    void write() {
        List<Problem> problems = problems();
        allergies();
        List<LocalDate> visits = visitDays(problems.size());
        for (int i = 0; i < visits.size(); i++) {
            surgeryVisit(visits.get(i), problems, i == visits.size() - 1);
        }
        // Newborns are left out: an admission in their first days could not have finished by the generation day.
        boolean admitted = random.nextDouble() < ADMISSION_CHANCE[ClinicalCatalogue.ageBand(person.age())];
        if (admitted && ChronoUnit.DAYS.between(person.birthDate(), asOf) > 30) {
            admission();
        }
        for (Problem problem : problems) {
            for (Medicine medicine : problem.kind().medicines()) {
                // A repeat is re-authorised yearly, so its latest authorisation falls in the last year.
                LocalDate authored = later(problem.onset(), asOf.minusDays(1 + random.nextInt(365)));
                bundle.post(bundle.newFullUrl(), ClinicalResources.medicationRequest(patientUrl, null,
                        problem.url(), medicine, surgeryTime(authored), CareProviders.practitionerReference(gp)));
            }
        }
    }

    private List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        for (LongTermCondition kind : ClinicalCatalogue.LONG_TERM) {
            if (random.nextDouble() >= kind.chance(person.age())) {
                continue;
            }
            int earliestAge = Math.max(person.age() < 18 ? 1 : 18, person.age() - 25);
            int onsetAge = earliestAge + random.nextInt(Math.max(1, person.age() - earliestAge + 1));
            LocalDate onset = earlier(person.birthDate().plusYears(onsetAge).plusDays(random.nextInt(365)),
                    asOf.minusDays(30));
            onset = later(onset, person.birthDate().plusDays(1));
            LocalDate recorded = earlier(onset.plusDays(random.nextInt(30)), asOf);
            String url = bundle.newFullUrl();
            bundle.post(url, ClinicalResources.longTermCondition(
                    patientUrl, kind.snomed(), kind.display(), onset, recorded));
            problems.add(new Problem(kind, url, onset));
        }
        return problems;
    }

    private void allergies() {
        double draw = random.nextDouble();
        int count = draw < 0.75 ? 0 : draw < 0.95 ? 1 : 2;
        Set<Allergen> chosen = new LinkedHashSet<>();
        while (chosen.size() < count) {
            chosen.add(ClinicalCatalogue.ALLERGENS.get(random.nextInt(ClinicalCatalogue.ALLERGENS.size())));
        }
        for (Allergen allergen : chosen) {
            var reaction = allergen.reactions().get(random.nextInt(allergen.reactions().size()));
            LocalDate recorded = later(asOf.minusDays(1 + random.nextInt(20 * 365)), person.birthDate().plusDays(1));
            bundle.post(bundle.newFullUrl(), ClinicalResources.allergy(patientUrl, allergen, reaction, recorded));
        }
    }

    private List<LocalDate> visitDays(int problemCount) {
        int visits = Math.min(8, BASE_VISITS[ClinicalCatalogue.ageBand(person.age())] + random.nextInt(2)
                + Math.min(3, problemCount));
        long alive = ChronoUnit.DAYS.between(person.birthDate(), asOf);
        int window = (int) Math.max(1, Math.min(WINDOW_DAYS, alive - 1));
        LocalDate[] days = new LocalDate[visits];
        for (int i = 0; i < visits; i++) {
            days[i] = asOf.minusDays(1 + random.nextInt(window));
        }
        Arrays.sort(days);
        return List.of(days);
    }

    private void surgeryVisit(LocalDate day, List<Problem> problems, boolean last) {
        ZonedDateTime start = surgeryTime(day);
        ZonedDateTime end = start.plusMinutes(10 + random.nextInt(3) * 5);
        double kind = random.nextDouble();
        boolean followUp = !problems.isEmpty() && kind < 0.45;
        boolean symptom = !followUp && kind < 0.75;
        AcuteCondition acute = symptom ? acuteCondition() : null;
        Reason type = followUp ? FOLLOW_UP : symptom ? SYMPTOM : CHECK_UP;
        Reason reason = acute == null ? null : new Reason(acute.snomed(), acute.display());
        String encounterUrl = bundle.newFullUrl();
        bundle.post(encounterUrl, ClinicalResources.encounter(patientUrl, false, type, reason, start, end,
                CareProviders.practitionerReference(gp), CareProviders.organisationReference(practice)));

        Visit visit = new Visit(encounterUrl, start.plusMinutes(3), CareProviders.practitionerReference(gp));
        boolean adult = person.age() >= 16;
        if (symptom) {
            temperature(visit, 37.6);
            heartRate(visit, 12);
        } else if (adult) {
            bloodPressure(visit, problems);
            heartRate(visit, 0);
        }
        if (!symptom && (!adult || type == CHECK_UP || random.nextDouble() < 0.3)) {
            weight(visit);
        }
        if (followUp || last) {
            labs(visit, problems);
        }
        if (acute != null) {
            LocalDate resolvedOn = day.plusDays(7 + random.nextInt(8));
            String conditionUrl = bundle.newFullUrl();
            bundle.post(conditionUrl, ClinicalResources.encounterDiagnosis(patientUrl, encounterUrl, acute.snomed(),
                    acute.display(), day, resolvedOn.isAfter(asOf) ? null : resolvedOn));
            for (Medicine medicine : acute.medicines()) {
                bundle.post(bundle.newFullUrl(), ClinicalResources.medicationRequest(patientUrl, encounterUrl,
                        conditionUrl, medicine, end, CareProviders.practitionerReference(gp)));
            }
        }
    }

    private void admission() {
        Provider trust = CareProviders.TRUST;
        Clinician consultant = trust.clinicians().get(random.nextInt(trust.clinicians().size()));
        Reason reason = ClinicalCatalogue.ADMISSION_REASONS.get(
                random.nextInt(ClinicalCatalogue.ADMISSION_REASONS.size()));
        long alive = ChronoUnit.DAYS.between(person.birthDate(), asOf);
        int window = (int) Math.max(1, Math.min(WINDOW_DAYS, alive - 1));
        LocalDate day = later(asOf.minusDays(9 + random.nextInt(window)), person.birthDate().plusDays(1));
        ZonedDateTime start = day.atTime(LocalTime.of(random.nextInt(24), random.nextInt(60))).atZone(
                ClinicalResources.UK);
        ZonedDateTime end = start.plusDays(1 + random.nextInt(7)).plusHours(random.nextInt(8));
        String encounterUrl = bundle.newFullUrl();
        bundle.post(encounterUrl, ClinicalResources.encounter(patientUrl, true, EMERGENCY_ADMISSION, reason,
                start, end, CareProviders.practitionerReference(consultant),
                CareProviders.organisationReference(trust)));
        // The admission observations are the NEWS2 set taken at triage.
        Visit triage = new Visit(encounterUrl, start.plusMinutes(15),
                CareProviders.practitionerReference(consultant));
        if (person.age() >= 16) {
            bloodPressure(triage, List.of());
        }
        heartRate(triage, 20);
        temperature(triage, 37.6);
        vital(triage, ClinicalCatalogue.RESPIRATORY_RATE, 16 + random.nextGaussian() * 4, 10, 40, 0);
        vital(triage, ClinicalCatalogue.OXYGEN_SATURATION, 95 + random.nextGaussian() * 2, 82, 100, 0);
    }

    private AcuteCondition acuteCondition() {
        List<AcuteCondition> acute = ClinicalCatalogue.ACUTE;
        if (person.age() < 12 && random.nextBoolean()) {
            return acute.get(acute.size() - 1); // otitis media is chiefly a childhood problem
        }
        return acute.get(random.nextInt(acute.size() - 1));
    }

    private void bloodPressure(Visit visit, List<Problem> problems) {
        boolean hypertensive = problems.stream().anyMatch(p -> p.kind().snomed().equals("38341003"));
        double systolic = 115 + 0.4 * Math.max(0, person.age() - 30) + (hypertensive ? 15 : 0)
                + random.nextGaussian() * 10;
        double diastolic = 72 + (hypertensive ? 8 : 0) + random.nextGaussian() * 7;
        bundle.post(bundle.newFullUrl(), ClinicalResources.bloodPressure(patientUrl, visit.encounterUrl(),
                (int) Math.round(Math.clamp(systolic, 85, 210)), (int) Math.round(Math.clamp(diastolic, 45, 125)),
                visit.taken(), visit.performer()));
    }

    private void heartRate(Visit visit, double raisedBy) {
        double resting = person.age() < 12 ? 95 : 72;
        vital(visit, ClinicalCatalogue.HEART_RATE, resting + raisedBy + random.nextGaussian() * 10,
                40, 180, 0);
    }

    private void temperature(Visit visit, double mean) {
        vital(visit, ClinicalCatalogue.TEMPERATURE, mean + random.nextGaussian() * 0.5, 35, 41, 1);
    }

    private void weight(Visit visit) {
        double metres = heightCm / 100;
        double kg = bmi * metres * metres * (1 + random.nextGaussian() * 0.02);
        vital(visit, ClinicalCatalogue.WEIGHT, kg, 2, 250, 1);
        if (person.age() < 18) {
            vital(visit, ClinicalCatalogue.HEIGHT, heightCm, 40, 210, 1);
        } else {
            vital(visit, ClinicalCatalogue.BMI, kg / (metres * metres), 12, 70, 1);
        }
    }

    private void labs(Visit visit, List<Problem> problems) {
        Set<Lab> labs = new LinkedHashSet<>();
        problems.forEach(p -> labs.addAll(p.kind().labs()));
        for (Lab lab : labs) {
            double value = lab.low() + random.nextDouble() * (lab.high() - lab.low());
            ZonedDateTime issued = visit.taken().plusHours(4 + random.nextInt(20));
            // Samples from the surgeries are analysed by the trust's laboratory, which reports the result.
            bundle.post(bundle.newFullUrl(), ClinicalResources.labResult(patientUrl, visit.encounterUrl(), lab,
                    ClinicalResources.scaled(value, lab.decimals()), visit.taken(), issued,
                    CareProviders.organisationReference(CareProviders.TRUST)));
        }
    }

    private void vital(Visit visit, ClinicalCatalogue.VitalSign sign, double value, double min, double max,
                       int decimals) {
        bundle.post(bundle.newFullUrl(), ClinicalResources.vitalSign(patientUrl, visit.encounterUrl(), sign,
                ClinicalResources.scaled(Math.clamp(value, min, max), decimals), visit.taken(), visit.performer()));
    }

    /** @return standing height in cm: adult by sex, child by a rough growth curve */
    private double height() {
        if (person.age() >= 18) {
            double mean = "male".equals(person.gender()) ? 176 : "female".equals(person.gender()) ? 163 : 170;
            return Math.clamp(mean + random.nextGaussian() * 7, 140, 205);
        }
        double mean = person.age() < 2 ? 62 + person.age() * 18 : 75 + person.age() * 6;
        return Math.clamp(mean + random.nextGaussian() * 4, 45, 200);
    }

    /** @return a time in surgery hours (08:00 to 17:50, ten-minute slots) on {@code day} */
    private ZonedDateTime surgeryTime(LocalDate day) {
        return day.atTime(LocalTime.of(8, 0).plusMinutes(10L * random.nextInt(60))).atZone(ClinicalResources.UK);
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    /** Where, when and by whom a set of observations was taken. */
    private record Visit(String encounterUrl, ZonedDateTime taken, String performer) {
    }

    /** A long-term problem the patient has, with the fullUrl of its Condition. */
    private record Problem(LongTermCondition kind, String url, LocalDate onset) {
    }
}
