package org.onedoor.terminal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.ZoneId;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.gpio.GpioProvider;
import org.onedoor.terminal.signed.CertificateType;
import org.onedoor.terminal.sms.MobileNumber;
import org.onedoor.terminal.testing.TomlFixture;

/** Values the rest of the terminal takes as types, parsed once here: zone, GPIO provider, certificate types, numbers. */
class ConfigTypedValuesTest {
    private static final String TRUST_KEY = ed25519PublicKey();

    @TempDir
    Path dir;

    @BeforeEach
    void key() throws Exception {
        Files.writeString(dir.resolve("pseudonym.key"), "x");
    }

    @Test
    void theTimeZoneIsAsiaShanghaiUnlessConfigured() throws Exception {
        assertEquals(ZoneId.of("Asia/Shanghai"), load(TomlFixture.minimal()).terminal().zone());
        assertEquals(ZoneId.of("Asia/Urumqi"),
                load(TomlFixture.minimal().set("terminal.time_zone", "Asia/Urumqi")).terminal().zone());
    }

    @Test
    void anUnknownTimeZoneNamesTheKey() {
        List<String> problems = problems(TomlFixture.minimal().set("terminal.time_zone", "Mars/Olympus"));
        assertEquals(List.of("onedoor.toml:6: terminal.time_zone: must be a time zone such as \"Asia/Shanghai\","
                + " got \"Mars/Olympus\""), problems);
    }

    @Test
    void providerAndCertificateTypesAreReadAsTheirTypes() throws Exception {
        TerminalConfig config = load(TomlFixture.minimal().set("gpio.provider", "linuxfs")
                .set("signed.trust_list", "trust.json")
                .set("signed.trust_public_key", TRUST_KEY)
                .set("signed.accept", TomlFixture.verbatim("[\"v\", \"r\"]")));
        assertEquals(GpioProvider.LINUXFS, config.gpio().provider());
        assertEquals(EnumSet.of(CertificateType.VACCINATION, CertificateType.RECOVERY),
                config.signed().orElseThrow().accept());
        assertEquals(EnumSet.allOf(CertificateType.class), load(TomlFixture.minimal()
                .set("signed.trust_list", "trust.json")
                .set("signed.trust_public_key", TRUST_KEY))
                .signed().orElseThrow().accept());
    }

    @Test
    void numbersAreParsedOnceAndABadOneIsNamedByPositionWithoutItsDigits() throws Exception {
        TerminalConfig config = load(TomlFixture.minimal().set("sms.port", "/dev/ttyUSB3")
                .set("sms.numbers", TomlFixture.verbatim("[\"13800138000\", \"13912345678\"]")));
        assertEquals(List.of(MobileNumber.parse("13800138000"), MobileNumber.parse("13912345678")),
                config.sms().orElseThrow().numbers());

        List<String> problems = problems(TomlFixture.minimal().set("sms.port", "/dev/ttyUSB3")
                .set("sms.numbers", TomlFixture.verbatim("[\"13800138000\", \"+8613912345678\"]")));
        assertEquals(1, problems.size(), problems.toString());
        assertFalse(problems.get(0).contains("13912345678"), problems.get(0));
        assertEquals("onedoor.toml:16: sms.numbers: number 2 must be an 11-digit mainland mobile number"
                + " (1[3-9] and 9 digits), got a string of 14 characters", problems.get(0));
    }

    private static String ed25519PublicKey() {
        try {
            return Base64.getEncoder().encodeToString(
                    KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private TerminalConfig load(TomlFixture toml) throws ConfigException {
        return ConfigLoader.load(toml.write(dir.resolve("onedoor.toml")));
    }

    private List<String> problems(TomlFixture toml) {
        return assertThrows(ConfigException.class, () -> load(toml)).problems();
    }
}
