package org.onedoor.terminal.signed;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subject a county's risk list names a certificate's holder by:
 * {@code DCC/<surname>/<given names>/<date of birth>}, from the certificate's ICAO 9303 transliterated names
 * ({@code nam.fnt}, {@code nam.gnt}) and its {@code dob}, e.g. {@code DCC/MUSTERMANN<GABLER/ERIKA<DOERTE/1964-08-12}.
 * Name and birth date, not the certificate identifier: they are on the holder's passport, so a county can write
 * them for a person it lists, and they are the same on every certificate the person holds; a certificate
 * identifier is new with each dose or test, made by an issuer the county does not know. The subject lives only
 * for the moment of a decision (docs/signed-codes.md).
 */
final class DccSubject {
    static final String PREFIX = "DCC/";
    /** The specification's limit for a transliterated name. */
    static final int MAX_NAME_CHARS = 80;
    private static final int MAX_DATE_CHARS = 32;
    private static final Pattern DATE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");
    /** Some issuers write a date of birth as a date-time; its date is the date of birth. */
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})T[0-9:.Z+-]*");

    private DccSubject() {
    }

    /** Empty when the certificate names nobody: no names, a name that is not text, or one beyond the limit. */
    static Optional<String> of(CBORObject certificate) {
        CBORObject names = certificate.get("nam");
        if (names == null || names.isTagged() || names.getType() != CBORType.Map) {
            return Optional.empty();
        }
        Optional<String> surname = transliterated(names.get("fnt"));
        Optional<String> given = transliterated(names.get("gnt"));
        if (surname.isEmpty() || given.isEmpty() || surname.get().isEmpty() && given.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PREFIX + surname.get() + "/" + given.get() + "/" + birthDate(certificate.get("dob")));
    }

    /**
     * Upper-case A to Z, every run of other characters (the standard's {@code <}, spaces, hyphens) one
     * {@code <}, none at either end; "" when absent. Issuers differ in such details, so both sides normalise.
     */
    private static Optional<String> transliterated(CBORObject value) {
        if (value == null || value.isNull()) {
            return Optional.of("");
        }
        if (value.isTagged() || value.getType() != CBORType.TextString) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        boolean separated = false;
        for (char c : value.AsString().toUpperCase(Locale.ROOT).toCharArray()) {
            if (c < 'A' || c > 'Z') {
                separated = true;
                continue;
            }
            if (separated && out.length() > 0) {
                out.append('<');
            }
            separated = false;
            out.append(c);
            if (out.length() > MAX_NAME_CHARS) {
                return Optional.empty();
            }
        }
        return Optional.of(out.toString());
    }

    /** {@code YYYY-MM-DD}, {@code YYYY-MM} or {@code YYYY} as written; "" when unknown or malformed. */
    private static String birthDate(CBORObject value) {
        if (value == null || value.isTagged() || value.getType() != CBORType.TextString) {
            return "";
        }
        String text = value.AsString();
        if (text.length() > MAX_DATE_CHARS) {
            return "";
        }
        if (DATE.matcher(text).matches()) {
            return text;
        }
        Matcher dateTime = DATE_TIME.matcher(text);
        return dateTime.matches() ? dateTime.group(1) : "";
    }
}
