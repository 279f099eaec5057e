package org.onedoor.terminal.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.onedoor.terminal.config.TableReader.Converter;
import org.onedoor.terminal.sms.MobileNumber;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** The checks and conversions of single configuration values; messages say what is expected. */
final class Values {

    /** BCM numbers on the 40-pin header; 0 and 1 are reserved for the HAT identification EEPROM. */
    private static final int FIRST_PIN = 2;
    private static final int LAST_PIN = 27;

    private static final Pattern TOPIC_LEVEL = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DIVISION_CODE = Pattern.compile("[0-9]{6}");
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\." + OCTET + "){3}");
    private static final Set<String> HEALTH_SCHEMES = Set.of("http", "https");
    private static final Set<String> MQTT_SCHEMES = Set.of("tcp", "ssl", "mqtt", "mqtts");

    private Values() {
    }

    static String topicLevel(String raw) throws InvalidValueException {
        if (!TOPIC_LEVEL.matcher(raw).matches()) {
            throw new InvalidValueException("must be 1 to 64 letters, digits, '-' or '_' (it is an MQTT topic level), got "
                    + show(raw));
        }
        return raw;
    }

    /** Levels joined by '/'; the check also keeps out the wildcards '+' and '#' and empty levels. */
    static String topicRoot(String raw) throws InvalidValueException {
        for (String level : raw.split("/", -1)) {
            if (!TOPIC_LEVEL.matcher(level).matches()) {
                throw new InvalidValueException("must be MQTT topic levels of 1 to 64 letters, digits, '-' or '_' "
                        + "joined by '/', without wildcards or a leading or trailing '/', got " + show(raw));
            }
        }
        return raw;
    }

    /** A county-level administrative division code (GB/T 2260), such as 430124. */
    static String divisionCode(String raw) throws InvalidValueException {
        if (!DIVISION_CODE.matcher(raw).matches()) {
            throw new InvalidValueException("must be a 6-digit division code, got " + show(raw));
        }
        return raw;
    }

    static String nonEmpty(String raw) throws InvalidValueException {
        if (raw.isEmpty()) {
            throw new InvalidValueException("must not be empty");
        }
        return raw;
    }

    /** A region time zone such as {@code Asia/Shanghai}, as the tz database names it. */
    static java.time.ZoneId zone(String raw) throws InvalidValueException {
        try {
            return java.time.ZoneId.of(raw);
        } catch (java.time.DateTimeException e) {
            throw new InvalidValueException("must be a time zone such as \"Asia/Shanghai\", got " + show(raw));
        }
    }

    /** Free text of a bounded length, counted in characters as people see them (code points). */
    static Converter<String, String> text(int minLength, int maxLength) {
        return raw -> {
            int length = raw.codePointCount(0, raw.length());
            if (length < minLength || length > maxLength) {
                throw new InvalidValueException("must be " + minLength + " to " + maxLength
                        + " characters long, got " + length);
            }
            return raw;
        };
    }

    /** A path; a relative one is taken from {@code baseDir}, the configuration file's directory. */
    static Converter<String, Path> path(Path baseDir) {
        return raw -> {
            nonEmpty(raw);
            try {
                return baseDir.resolve(raw).normalize();
            } catch (InvalidPathException e) {
                throw new InvalidValueException("is not a valid path: " + e.getReason());
            }
        };
    }

    static URI httpUrl(String raw) throws InvalidValueException {
        URI uri = uri(raw);
        if (!hasScheme(uri, HEALTH_SCHEMES) || uri.getHost() == null) {
            throw new InvalidValueException("must be an http or https URL with a host, got " + show(raw));
        }
        return uri;
    }

    /**
     * Whether the URL's host is this machine by its text alone (localhost, 127.0.0.0/8, ::1): no
     * name is looked up, so the answer cannot depend on, or be steered by, a resolver.
     */
    static boolean isLoopback(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            return isIpv6Loopback(host.substring(1, host.length() - 1));
        }
        return IPV4_LOOPBACK.matcher(host).matches();
    }

    private static boolean isIpv6Loopback(String literal) {
        try {
            // A literal with ':' is parsed, never resolved.
            return literal.contains(":") && InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * scheme://host:port and nothing more. The MQTT client (Paho) refuses a path, and the broker
     * port is stated rather than guessed because county brokers rarely use the defaults.
     */
    static URI mqttUrl(String raw) throws InvalidValueException {
        URI uri = uri(raw);
        boolean onlySchemeHostPort = uri.getRawUserInfo() == null && isEmpty(uri.getRawPath())
                && uri.getRawQuery() == null && uri.getRawFragment() == null;
        if (!hasScheme(uri, MQTT_SCHEMES) || uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535
                || !onlySchemeHostPort) {
            throw new InvalidValueException("must be tcp://, ssl://, mqtt:// or mqtts:// with a host and a port "
                    + "and nothing after the port, got " + show(raw));
        }
        return uri;
    }

    /** Base64 of an Ed25519 key's X.509 SubjectPublicKeyInfo, as {@code onedoor county keygen} prints it. */
    static java.security.PublicKey ed25519PublicKey(String raw) throws InvalidValueException {
        try {
            return org.onedoor.terminal.risklist.SigningKeys.publicKeyFromText(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("must be an Ed25519 public key (base64 of its X.509 form)");
        }
    }

    /** A non-empty array of distinct configuration names, each one of {@code choices}. */
    static <T> Converter<org.tomlj.TomlArray, java.util.Set<T>> subsetOf(Map<String, T> choices) {
        return raw -> {
            java.util.Set<T> chosen = new java.util.LinkedHashSet<>();
            for (int i = 0; i < raw.size(); i++) {
                Object item = raw.get(i);
                if (!(item instanceof String word) || !choices.containsKey(word) || !chosen.add(choices.get(word))) {
                    throw new InvalidValueException("must be distinct values out of "
                            + new java.util.TreeSet<>(choices.keySet()) + ", got " + show(item));
                }
            }
            if (chosen.isEmpty()) {
                throw new InvalidValueException("must not be empty");
            }
            return java.util.Set.copyOf(chosen);
        };
    }

    /** Distinct 11-digit mainland mobile numbers, at least one; a bad one is named by its position. */
    static List<MobileNumber> mobileNumbers(org.tomlj.TomlArray raw) throws InvalidValueException {
        List<MobileNumber> numbers = new java.util.ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Object item = raw.get(i);
            // The message gives the length, never the digits: a configuration error is logged.
            if (!(item instanceof String text) || !MobileNumber.isMainlandMobile(text)) {
                throw new InvalidValueException("number " + (i + 1) + " must be an 11-digit mainland mobile number"
                        + " (1[3-9] and 9 digits), got " + (item instanceof String ? "a string of " + ((String) item).length()
                        + " characters" : show(item)));
            }
            MobileNumber number = MobileNumber.parse(text);
            if (numbers.contains(number)) {
                throw new InvalidValueException("number " + (i + 1) + " is given twice");
            }
            numbers.add(number);
        }
        if (numbers.isEmpty()) {
            throw new InvalidValueException("must name at least one number");
        }
        return List.copyOf(numbers);
    }

    /** Alert types (lower-case words); the SMS outcomes' own {@code sms_*} types cannot be texted. */
    static java.util.Set<String> alertTypes(org.tomlj.TomlArray raw) throws InvalidValueException {
        java.util.Set<String> types = new java.util.LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            Object item = raw.get(i);
            if (!(item instanceof String type) || !type.matches("[a-z][a-z_]{0,63}") || type.startsWith("sms_")) {
                throw new InvalidValueException("must be alert types such as \"red_code\" (not sms_*), got " + show(item));
            }
            types.add(type);
        }
        if (types.isEmpty()) {
            throw new InvalidValueException("must not be empty");
        }
        return java.util.Set.copyOf(types);
    }

    static Pattern regex(String raw) throws InvalidValueException {
        try {
            return Pattern.compile(raw);
        } catch (PatternSyntaxException e) {
            // The description and index only: the full message spans lines, one problem is one line.
            throw new InvalidValueException("invalid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
        }
    }

    /** The version a file was written for: any this software reads, none newer. */
    static Converter<Long, Integer> configVersion(int current) {
        return raw -> {
            if (raw > current) {
                throw new InvalidValueException("is " + raw + ", but this OneDoor reads configuration versions 1 to "
                        + current + ": install the release the file was written for, or a newer one");
            }
            return range(1, current).convert(raw);
        };
    }

    static Converter<Long, Integer> range(int min, int max) {
        return raw -> {
            if (raw < min || raw > max) {
                throw new InvalidValueException("must be between " + min + " and " + max + ", got " + raw);
            }
            return raw.intValue();
        };
    }

    /** A value in {@code [min, max]} that is a multiple of {@code step}, for registers that count in steps. */
    static Converter<Long, Integer> steps(int min, int max, int step) {
        return raw -> {
            int value = range(min, max).convert(raw);
            if (value % step != 0) {
                throw new InvalidValueException("must be a multiple of " + step + ", got " + raw);
            }
            return value;
        };
    }

    static Integer pin(Long raw) throws InvalidValueException {
        if (raw < FIRST_PIN || raw > LAST_PIN) {
            throw new InvalidValueException("must be a BCM pin number between " + FIRST_PIN + " and " + LAST_PIN
                    + ", got " + raw);
        }
        return raw.intValue();
    }

    static Converter<Long, Integer> oneOf(List<Integer> allowed) {
        return raw -> {
            if (allowed.stream().noneMatch(value -> value.longValue() == raw)) {
                throw new InvalidValueException("must be one of " + allowed.stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + ", got " + raw);
            }
            return raw.intValue();
        };
    }

    /** The configuration names of {@code values}, in declaration order, for {@link #oneOf(Map)}. */
    static <T> Map<String, T> choices(T[] values, Function<T, String> configName) {
        Map<String, T> choices = new LinkedHashMap<>();
        for (T value : values) {
            choices.put(configName.apply(value), value);
        }
        return choices;
    }

    static <T> Converter<String, T> oneOf(Map<String, T> choices) {
        return raw -> {
            T value = choices.get(raw);
            if (value == null) {
                String names = choices.keySet().stream().map(Values::show).collect(Collectors.joining(", "));
                throw new InvalidValueException((choices.size() == 1 ? "must be " : "must be one of ") + names
                        + ", got " + show(raw));
            }
            return value;
        };
    }

    /** A value as it would be written in TOML, for messages. */
    static String show(Object value) {
        if (value instanceof String string) {
            return '"' + string + '"';
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        if (value instanceof TomlArray) {
            return "an array";
        }
        return String.valueOf(value);
    }

    private static URI uri(String raw) throws InvalidValueException {
        try {
            return new URI(raw);
        } catch (URISyntaxException e) {
            throw new InvalidValueException("is not a valid URL: " + e.getMessage());
        }
    }

    private static boolean hasScheme(URI uri, Set<String> schemes) {
        return uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT));
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
