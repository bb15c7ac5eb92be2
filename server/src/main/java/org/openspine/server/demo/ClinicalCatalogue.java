package org.openspine.server.demo;

import java.util.List;

/**
 * The small, fixed table of clinical concepts the generator draws from: real SNOMED CT concepts for problems,
 * substances and reactions, real dm+d VMPs for medicines, and LOINC codes with UCUM units for laboratory
 * tests.
 *
 * <p>Prevalences are rough figures for England, enough to make an older list look sicker than a younger one;
 * they are not epidemiology.
 */
final class ClinicalCatalogue {

    static final Medicine METFORMIN = new Medicine("325278007", "Metformin 500mg tablets",
            "Take one tablet twice a day with meals", 2, true);
    static final Medicine AMLODIPINE = new Medicine("319283006", "Amlodipine 5mg tablets",
            "Take one tablet once a day", 1, true);
    static final Medicine SALBUTAMOL = new Medicine("39113611000001102",
            "Salbutamol 100micrograms/dose inhaler CFC free", "Inhale two puffs when required for breathlessness",
            0, true);
    static final Medicine SIMVASTATIN = new Medicine("320000009", "Simvastatin 40mg tablets",
            "Take one tablet at night", 1, true);
    static final Medicine PARACETAMOL = new Medicine("322236009", "Paracetamol 500mg tablets",
            "Take one or two tablets up to four times a day when required for pain", 0, true);
    static final Medicine AMOXICILLIN = new Medicine("323509004", "Amoxicillin 250mg capsules",
            "Take one capsule three times a day for five days", 3, false);

    static final Lab HBA1C = new Lab("59261-8", "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol",
            "HbA1c level (IFCC)", "mmol/mol", "mmol/mol", 20, 120, 0, 20, 41);
    static final Lab CHOLESTEROL = new Lab("14647-2", "Cholesterol [Moles/volume] in Serum or Plasma",
            "Serum cholesterol level", "mmol/L", "mmol/L", 3.0, 9.5, 1, 3.0, 5.0);
    static final Lab EGFR = new Lab("33914-3", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] "
            + "in Serum or Plasma by Creatinine-based formula (MDRD)", "eGFR using creatinine (MDRD)",
            "mL/min/1.73m2", "mL/min/{1.73_m2}", 30, 59, 0, 90, 120);
    static final Lab TSH = new Lab("3016-3", "Thyrotropin [Units/volume] in Serum or Plasma", "Serum TSH level",
            "mU/L", "m[IU]/L", 0.3, 12.0, 2, 0.27, 4.2);

    static final VitalSign BLOOD_PRESSURE = new VitalSign("85354-9",
            "Blood pressure panel with all children optional", "75367002", "Blood pressure", "mm[Hg]", "mm[Hg]");
    static final VitalSign SYSTOLIC = new VitalSign("8480-6", "Systolic blood pressure", "271649006",
            "Systolic blood pressure", "mm[Hg]", "mm[Hg]");
    static final VitalSign DIASTOLIC = new VitalSign("8462-4", "Diastolic blood pressure", "271650006",
            "Diastolic blood pressure", "mm[Hg]", "mm[Hg]");
    static final VitalSign HEART_RATE = new VitalSign("8867-4", "Heart rate", "364075005", "Heart rate",
            "beats/minute", "/min");
    static final VitalSign RESPIRATORY_RATE = new VitalSign("9279-1", "Respiratory rate", "86290005",
            "Respiratory rate", "breaths/minute", "/min");
    static final VitalSign TEMPERATURE = new VitalSign("8310-5", "Body temperature", "386725007",
            "Body temperature", "°C", "Cel");
    static final VitalSign OXYGEN_SATURATION = new VitalSign("59408-5",
            "Oxygen saturation in Arterial blood by Pulse oximetry", "431314004", "Peripheral oxygen saturation",
            "%", "%");
    static final VitalSign WEIGHT = new VitalSign("29463-7", "Body weight", "27113001", "Body weight", "kg", "kg");
    static final VitalSign HEIGHT = new VitalSign("8302-2", "Body height", "50373000", "Body height measure",
            "cm", "cm");
    static final VitalSign BMI = new VitalSign("39156-5", "Body mass index (BMI) [Ratio]", "60621009",
            "Body mass index", "kg/m2", "kg/m2");

    /** Reasons for an emergency admission to the trust. */
    static final List<Reason> ADMISSION_REASONS = List.of(
            new Reason("233604007", "Pneumonia"),
            new Reason("128045006", "Cellulitis"),
            new Reason("22298006", "Myocardial infarction"),
            new Reason("271594007", "Syncope"));

    /** Long-term problems, each with the age-banded chance of a patient having it. */
    static final List<LongTermCondition> LONG_TERM = List.of(
            new LongTermCondition("38341003", "Hypertensive disorder, systemic arterial",
                    new double[] {0, 0.03, 0.15, 0.45}, List.of(AMLODIPINE), List.of()),
            new LongTermCondition("44054006", "Diabetes mellitus type 2",
                    new double[] {0, 0.01, 0.08, 0.16}, List.of(METFORMIN), List.of(HBA1C)),
            new LongTermCondition("195967001", "Asthma",
                    new double[] {0.10, 0.09, 0.08, 0.07}, List.of(SALBUTAMOL), List.of()),
            new LongTermCondition("13644009", "Hypercholesterolemia",
                    new double[] {0, 0.02, 0.12, 0.25}, List.of(SIMVASTATIN), List.of(CHOLESTEROL)),
            new LongTermCondition("35489007", "Depressive disorder",
                    new double[] {0.02, 0.10, 0.10, 0.08}, List.of(), List.of()),
            new LongTermCondition("13645005", "Chronic obstructive lung disease",
                    new double[] {0, 0, 0.03, 0.08}, List.of(SALBUTAMOL), List.of()),
            new LongTermCondition("49436004", "Atrial fibrillation",
                    new double[] {0, 0, 0.02, 0.10}, List.of(), List.of()),
            new LongTermCondition("40930008", "Hypothyroidism",
                    new double[] {0, 0.01, 0.03, 0.05}, List.of(), List.of(TSH)),
            new LongTermCondition("396275006", "Osteoarthritis",
                    new double[] {0, 0.01, 0.08, 0.25}, List.of(PARACETAMOL), List.of()),
            new LongTermCondition("433144002", "Chronic kidney disease stage 3",
                    new double[] {0, 0, 0.02, 0.12}, List.of(), List.of(EGFR)));

    /** Self-limiting problems that bring a patient to the surgery and then resolve. */
    static final List<AcuteCondition> ACUTE = List.of(
            new AcuteCondition("444814009", "Viral sinusitis", List.of()),
            new AcuteCondition("10509002", "Acute bronchitis", List.of(AMOXICILLIN)),
            new AcuteCondition("43878008", "Streptococcal sore throat", List.of(AMOXICILLIN)),
            new AcuteCondition("68566005", "Urinary tract infectious disease", List.of()),
            new AcuteCondition("65363002", "Otitis media", List.of(AMOXICILLIN)));

    static final List<Allergen> ALLERGENS = List.of(
            new Allergen("764146007", "Penicillin", "medication", "allergy", List.of(
                    new Reaction("271807003", "Eruption of skin", "moderate"),
                    new Reaction("126485001", "Urticaria", "moderate"),
                    new Reaction("39579001", "Anaphylaxis", "severe"))),
            new Allergen("387458008", "Aspirin", "medication", "allergy", List.of(
                    new Reaction("126485001", "Urticaria", "mild"),
                    new Reaction("267036007", "Dyspnea", "moderate"))),
            new Allergen("387207008", "Ibuprofen", "medication", "allergy", List.of(
                    new Reaction("271807003", "Eruption of skin", "mild"),
                    new Reaction("267036007", "Dyspnea", "moderate"))),
            new Allergen("387494007", "Codeine", "medication", "intolerance", List.of(
                    new Reaction("422587007", "Nausea", "mild"),
                    new Reaction("422400008", "Vomiting", "moderate"))),
            new Allergen("111088007", "Latex", "environment", "allergy", List.of(
                    new Reaction("418290006", "Itching", "mild"),
                    new Reaction("126485001", "Urticaria", "moderate"))),
            new Allergen("762952008", "Peanut", "food", "allergy", List.of(
                    new Reaction("126485001", "Urticaria", "moderate"),
                    new Reaction("39579001", "Anaphylaxis", "severe"))));

    private ClinicalCatalogue() {
    }

    /** Age bands for prevalences: 0-17, 18-39, 40-64, 65 and over. */
    static int ageBand(int age) {
        if (age < 18) {
            return 0;
        }
        if (age < 40) {
            return 1;
        }
        return age < 65 ? 2 : 3;
    }

    /** A vital sign coded in LOINC (required by the FHIR vital signs profile) and SNOMED CT. */
    record VitalSign(String loinc, String loincDisplay, String snomed, String snomedDisplay, String unit,
                     String ucum) {
    }

    /** A SNOMED CT concept given as the reason for an encounter. */
    record Reason(String snomed, String display) {
    }

    /**
     * A dm+d virtual medicinal product and how it is usually taken.
     *
     * @param timesPerDay regular daily frequency, 0 for "when required"
     * @param longTerm whether it is a repeat (continuous) rather than an acute course
     */
    record Medicine(String vmp, String name, String dosage, int timesPerDay, boolean longTerm) {
    }

    /**
     * A laboratory test with the range of results drawn for a patient who has the condition.
     *
     * @param loincDisplay LOINC's long common name, for the coding
     * @param text the name a UK report would print
     * @param decimals digits after the point when reporting a result
     * @param normalLow lower limit of the reference range
     * @param normalHigh upper limit of the reference range
     */
    record Lab(String loinc, String loincDisplay, String text, String unit, String ucum, double low, double high,
               int decimals, double normalLow, double normalHigh) {
    }

    /** A long-term problem; the medicines are prescribed and the labs monitored for everyone who has it. */
    record LongTermCondition(String snomed, String display, double[] prevalence, List<Medicine> medicines,
                             List<Lab> labs) {
        LongTermCondition {
            prevalence = prevalence.clone();
            medicines = List.copyOf(medicines);
            labs = List.copyOf(labs);
        }

        /** @return the chance that a patient of {@code age} has this problem */
        double chance(int age) {
            return prevalence[ageBand(age)];
        }
    }

    /** A self-limiting problem and the course, if any, prescribed for it. */
    record AcuteCondition(String snomed, String display, List<Medicine> medicines) {
        AcuteCondition {
            medicines = List.copyOf(medicines);
        }
    }

    /** A manifestation seen on exposure, with its usual severity. */
    record Reaction(String snomed, String display, String severity) {
    }

    /**
     * A substance people react to.
     *
     * @param category FHIR AllergyIntolerance.category (medication, food, environment)
     * @param type FHIR AllergyIntolerance.type (allergy, intolerance)
     */
    record Allergen(String snomed, String display, String category, String type, List<Reaction> reactions) {
        Allergen {
            reactions = List.copyOf(reactions);
        }
    }
}
