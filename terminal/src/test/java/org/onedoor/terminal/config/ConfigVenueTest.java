package org.onedoor.terminal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.testing.TomlFixture;

/** {@code [venue]} and {@code [enrollment]}: every key checked, each problem naming its key and line. */
class ConfigVenueTest {
    private static final String COUNTY_KEY = SigningKeys.publicKeyText(SigningKeys.generate().getPublic());

    @TempDir
    Path dir;

    @Test
    void aValidVenueIsRead() throws Exception {
        var enrollment = ConfigLoader.load(TomlFixture.minimal().venue("湘江农贸市场", COUNTY_KEY)
                .write(dir.resolve("onedoor.toml"))).enrollment().orElseThrow();
        assertEquals("湘江农贸市场", enrollment.venue().name());
        assertEquals("28.246000", enrollment.venue().lat().toPlainString());
        assertEquals(dir.resolve("device.key"), enrollment.deviceKey());
    }

    @Test
    void eachVenueKeyNamesItselfAndItsLine() {
        // The fixture writes [terminal] (lines 1-5), [health] 6-7, [mqtt] 8-9, [gpio] 10-11, [privacy] 12-13,
        // then [venue] from line 14: name on 15, category 16, … admin_mobile 22; [enrollment] 23: county_key 24.
        assertProblem("venue.name", "x", "onedoor.toml:15: venue.name: must be 2 to 64 characters long, got 1");
        assertProblem("venue.category", "market", "onedoor.toml:16: venue.category: must be one of the venue "
                + "categories of docs/county.md, such as shopping/market; got \"market\"");
        assertProblem("venue.division", "430199101001", "onedoor.toml:17: venue.division: must be within the "
                + "county 430124, got 430199101001");
        assertProblem("venue.division", "4301241010", "onedoor.toml:17: venue.division: must be the 12-digit "
                + "division code of the village or community (county, township, village), got \"4301241010\"");
        assertProblem("venue.address", "湘江", "onedoor.toml:18: venue.address: must be 4 to 128 characters long, got 2");
        assertProblem("venue.lat", 60.0, "onedoor.toml:19: venue.lat: must be a WGS-84 latitude within China "
                + "(3.5 to 54 degrees), got 60.000000");
        assertProblem("venue.lon", -0.12, "onedoor.toml:20: venue.lon: must be a WGS-84 longitude within China "
                + "(73 to 136 degrees), got -0.120000");
        assertProblem("venue.lon", "113", "onedoor.toml:20: venue.lon: must be a number, got \"113\"");
        assertProblem("venue.admin_name", "李\n", null);
        assertProblem("venue.admin_mobile", "12874260528", "onedoor.toml:22: venue.admin_mobile: must be an 11-digit "
                + "mainland mobile number (1[3-9] and 9 digits), got 11 characters");
        assertProblem("enrollment.county_key", "not-a-key", null);
    }

    @Test
    void aMissingVenueKeyIsNamed() {
        List<String> problems = problems(TomlFixture.minimal().venue("湘江农贸市场", COUNTY_KEY).remove("venue.category"));
        assertEquals(List.of("onedoor.toml:14: venue.category: missing required key"), problems);
    }

    @Test
    void aVenueWithoutTheCountysKeyIsRefused() {
        List<String> problems = problems(TomlFixture.minimal().venue("湘江农贸市场", COUNTY_KEY)
                .remove("enrollment.county_key").remove("enrollment.device_key"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("enrollment.county_key: missing required key"), problems.toString());
    }

    private void assertProblem(String key, Object value, String expected) {
        List<String> problems = problems(TomlFixture.minimal().venue("湘江农贸市场", COUNTY_KEY).set(key, value));
        if (expected == null) {
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains(": " + key + ": "), problems.toString());
            return;
        }
        assertEquals(List.of(expected), problems);
    }

    private List<String> problems(TomlFixture toml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(toml.write(dir.resolve("onedoor.toml"))))
                .problems();
    }
}
