package io.cartback.kit.text;

/**
 * What a stored text field may contain. PostgreSQL text cannot hold NUL (the insert fails), an unpaired UTF-16
 * surrogate has no UTF-8 form (it would silently become '?'), and control characters in names end up in email
 * headers and HTML attributes. So these are refused at the API with the field named, not stored.
 */
public final class TextRules {
    private TextRules() {
    }

    /**
     * Why {@code s} is not acceptable, or null when it is (null itself is acceptable; callers decide whether the
     * field is required). {@code multiline} allows tab, CR and LF (templates); single-line fields allow none.
     */
    public static String problem(String s, int maxLength, boolean multiline) {
        if (s == null) {
            return null;
        }
        if (s.length() > maxLength) {
            return "must be at most " + maxLength + " characters (got " + s.length() + ")";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate at index " + i + " (not valid Unicode text)";
            } else if (c == 0) {
                return "contains a NUL character at index " + i;
            } else if ((c < 0x20 || c == 0x7f) && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                return "contains the control character U+" + String.format("%04X", (int) c) + " at index " + i;
            }
        }
        return null;
    }
}
