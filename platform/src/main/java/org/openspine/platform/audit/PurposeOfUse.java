package org.openspine.platform.audit;

import java.util.Objects;

/**
 * Why patient data was reached, as a v3-ActReason code: care of the patient ({@code TREAT}), the
 * patient's own request ({@code PATRQT}: a citizen reading their record), or a member of staff
 * breaking the glass with a stated reason ({@code BTG}).
 */
public sealed interface PurposeOfUse permits PurposeOfUse.Treatment, PurposeOfUse.PatientRequest, PurposeOfUse.BreakGlass {

    /** Longest break-glass reason kept. */
    int MAX_REASON = 1000;

    /** @return the v3-ActReason code */
    String code();

    /** Treatment of the patient by someone with a legitimate relationship. */
    record Treatment() implements PurposeOfUse {
        @Override
        public String code() {
            return "TREAT";
        }
    }

    /** The patient (or their proxy) looking at their own record. */
    record PatientRequest() implements PurposeOfUse {
        @Override
        public String code() {
            return "PATRQT";
        }
    }

    /** Emergency access without a legitimate relationship, with the reason the user gave. */
    record BreakGlass(String reason) implements PurposeOfUse {
        public BreakGlass {
            reason = BoundedText.of(Objects.requireNonNull(reason, "reason").strip(), MAX_REASON);
            if (reason.isEmpty()) {
                throw new IllegalArgumentException("a break-glass purpose needs a reason");
            }
        }

        @Override
        public String code() {
            return "BTG";
        }
    }
}
