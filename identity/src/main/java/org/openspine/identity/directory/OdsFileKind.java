package org.openspine.identity.directory;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of ODS CSV file the directory loads. ODS publishes its files without a header row, so the
 * kind (named like the ODS file, {@code epraccur} for {@code epraccur.csv}) says what every row is.
 * All kinds share the ODS standard layout of which the loader reads columns 1, 2, 5-13 and 15-18 (see
 * {@link OdsFile}); only {@link #EPRACCUR} also reads column 26, the prescribing setting.
 */
public enum OdsFileKind {

    /** {@code epraccur}: GP practices and other prescribing cost centres (column 26: 4 is a GP practice). */
    EPRACCUR(OrganisationType.GP_PRACTICE),
    /** {@code etr}: NHS trusts. */
    ETR(OrganisationType.NHS_TRUST),
    /** {@code edispensary}: community pharmacies (dispensing contractors). */
    EDISPENSARY(OrganisationType.COMMUNITY_PHARMACY),
    /** {@code ecarehomesite}: care homes. */
    ECAREHOMESITE(OrganisationType.CARE_HOME),
    /** {@code ela}: local authorities. */
    ELA(OrganisationType.LOCAL_AUTHORITY),
    /** {@code epcn}: primary care networks (column 15: the integrated care board). */
    EPCN(OrganisationType.PRIMARY_CARE_NETWORK),
    /** {@code eicb}: integrated care boards. */
    EICB(OrganisationType.INTEGRATED_CARE_BOARD);

    /** The prescribing setting (column 26 of {@code epraccur}) of a GP practice. */
    static final String GP_PRACTICE_SETTING = "4";

    private final OrganisationType type;

    OdsFileKind(OrganisationType type) {
        this.type = type;
    }

    /** @return the name of the kind, as ODS names its file: {@code epraccur} */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return every kind's name, for messages: {@code epraccur, etr, ...} */
    public static String names() {
        return Arrays.stream(values()).map(OdsFileKind::fileName).collect(Collectors.joining(", "));
    }

    /**
     * @param name a kind ({@code epraccur}) or a file name ({@code /downloads/EPRACCUR.csv}), any case
     * @return the kind it names, if any
     */
    public static Optional<OdsFileKind> named(String name) {
        String base = name.replaceFirst("^.*[/\\\\]", "").replaceFirst("(?i)\\.csv$", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(kind -> kind.fileName().equals(base)).findFirst();
    }

    /** @return what an organisation on a row of this kind is, given the row's prescribing setting (column 26) */
    OrganisationType type(String prescribingSetting) {
        if (this == EPRACCUR && !prescribingSetting.isEmpty() && !prescribingSetting.equals(GP_PRACTICE_SETTING)) {
            return OrganisationType.PRESCRIBING_COST_CENTRE;
        }
        return type;
    }
}
