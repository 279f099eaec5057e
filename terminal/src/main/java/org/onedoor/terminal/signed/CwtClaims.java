package org.onedoor.terminal.signed;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The claims of a health certificate's CWT: issue and expiry time (either may be missing or
 * malformed, which fails the time check, not decoding), the certificate type, its entry, and its
 * holder's subject ({@link DccSubject}; null when it names nobody), which {@link #toString()} leaves out.
 */
record CwtClaims(Instant issuedAt, Instant expiresAt, CertificateType type, DccEntry entry, String holderSubject) {
    private static final CBORObject EXP = CBORObject.FromObject(4);
    private static final CBORObject IAT = CBORObject.FromObject(6);
    private static final CBORObject HCERT = CBORObject.FromObject(-260);
    private static final CBORObject HCERT_V1 = CBORObject.FromObject(1);
    /** SNOMED CT "not detected"; anything else is treated as detected. */
    private static final String NOT_DETECTED = "260415000";
    /** About the year 5000: far beyond any real time, well inside {@link Instant}'s range. */
    private static final long MAX_SECONDS = 100_000_000_000L;

    static CwtClaims parse(byte[] payload) throws CodeFormatException {
        CBORObject claims = Cbor.decode(payload, "cwt");
        try {
            if (claims.isTagged() || claims.getType() != CBORType.Map) {
                throw new CodeFormatException("cwt");
            }
            CBORObject hcert = claims.get(HCERT);
            if (hcert == null || hcert.getType() != CBORType.Map || hcert.size() != 1) {
                throw new CodeFormatException("hcert");
            }
            CBORObject certificate = hcert.get(HCERT_V1);
            if (certificate == null || certificate.getType() != CBORType.Map) {
                throw new CodeFormatException("hcert");
            }
            CertificateType type = singleType(certificate);
            return new CwtClaims(time(claims.get(IAT)), time(claims.get(EXP)), type,
                    entry(type, certificate.get(type.letter())).orElse(null), DccSubject.of(certificate).orElse(null));
        } catch (IllegalStateException | IllegalArgumentException | ArithmeticException e) {
            throw new CodeFormatException("cwt");
        }
    }

    /** Never the holder's subject: it must not reach a log by accident. */
    @Override
    public String toString() {
        return "CwtClaims[type=" + type + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }

    /** Exactly one of v, t and r; some issuers write the other two as null, which counts as absent. */
    private static CertificateType singleType(CBORObject certificate) throws CodeFormatException {
        List<CertificateType> present = new ArrayList<>();
        for (CertificateType type : CertificateType.values()) {
            CBORObject entries = certificate.get(type.letter());
            if (entries != null && !entries.isNull() && !entries.isUndefined()) {
                present.add(type);
            }
        }
        if (present.size() != 1) {
            throw new CodeFormatException("hcert");
        }
        return present.get(0);
    }

    /** Seconds since the epoch, integer or (as some issuers write them) floating point. */
    private static Instant time(CBORObject value) {
        if (value == null || value.isTagged()) {
            return null;
        }
        if (value.getType() == CBORType.Integer) {
            return value.CanValueFitInInt64() && Math.abs(value.AsInt64Value()) <= MAX_SECONDS
                    ? Instant.ofEpochSecond(value.AsInt64Value()) : null;
        }
        if (value.getType() != CBORType.FloatingPoint) {
            return null;
        }
        double seconds = value.AsDoubleValue();
        if (!Double.isFinite(seconds) || Math.abs(seconds) > MAX_SECONDS) {
            return null;
        }
        long whole = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(whole, (long) ((seconds - whole) * 1e9));
    }

    private static Optional<DccEntry> entry(CertificateType type, CBORObject list) {
        if (list == null || list.getType() != CBORType.Array || list.size() != 1
                || list.get(0).getType() != CBORType.Map) {
            return Optional.empty();
        }
        CBORObject e = list.get(0);
        return switch (type) {
            case VACCINATION -> integer(e, "dn").flatMap(dn -> integer(e, "sd").flatMap(sd -> date(e, "dt")
                    .map(dt -> new DccEntry.Vaccination(dn, sd, dt))));
            case TEST -> text(e, "sc").flatMap(ClockText::parse).flatMap(sc -> text(e, "tr")
                    .map(tr -> new DccEntry.Test(sc, !NOT_DETECTED.equals(tr))));
            case RECOVERY -> date(e, "df").flatMap(df -> date(e, "du").map(du -> new DccEntry.Recovery(df, du)));
        };
    }

    private static Optional<Integer> integer(CBORObject map, String key) {
        CBORObject v = map.get(key);
        return v != null && v.getType() == CBORType.Integer && v.CanValueFitInInt32()
                ? Optional.of(v.AsInt32Value()) : Optional.empty();
    }

    private static Optional<String> text(CBORObject map, String key) {
        CBORObject v = map.get(key);
        return v != null && v.getType() == CBORType.TextString ? Optional.of(v.AsString()) : Optional.empty();
    }

    /** A date, or the date part of a date-time, as some issuers write one where a date is specified. */
    private static Optional<LocalDate> date(CBORObject map, String key) {
        return text(map, key).filter(s -> s.length() >= 10).flatMap(s -> {
            try {
                return Optional.of(LocalDate.parse(s.substring(0, 10)));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
