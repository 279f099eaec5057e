package org.onedoor.terminal.county;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.testing.ServiceUnit;

class CountyServiceUnitTest {
    /** What the terminal's unit has for its devices, which a collector has none of. */
    private static final Set<String> DEVICE_SETTINGS = Set.of("DeviceAllow");

    @Test
    void theCollectorsUnitNotifiesAndIsHardenedAtLeastAsTheTerminals() throws Exception {
        ServiceUnit terminal = ServiceUnit.shipped();
        ServiceUnit county = ServiceUnit.county();
        assertEquals(List.of("notify"), county.values("Type"));
        assertEquals(List.of("/usr/bin/onedoor", "county", "collect", "--config", "/etc/onedoor/county.toml"),
                county.values("ExecStart"));
        assertEquals(List.of("78"), county.values("RestartPreventExitStatus"));
        assertTrue(!county.values("WatchdogSec").isEmpty(), "a watchdog");
        for (String key : List.of("ProtectSystem", "ProtectHome", "PrivateTmp", "PrivateIPC", "PrivateMounts", "NoNewPrivileges",
                "CapabilityBoundingSet", "AmbientCapabilities", "DevicePolicy", "ProtectKernelTunables", "ProtectKernelModules",
                "ProtectKernelLogs", "ProtectControlGroups", "ProtectClock", "ProtectHostname", "ProtectProc",
                "RestrictAddressFamilies", "RestrictNamespaces", "RestrictRealtime", "RestrictSUIDSGID", "RemoveIPC",
                "LockPersonality", "SystemCallArchitectures", "SystemCallFilter", "SystemCallErrorNumber", "User")) {
            assertEquals(terminal.values(key), county.values(key), key);
        }
        DEVICE_SETTINGS.forEach(key -> assertTrue(county.values(key).isEmpty(), key));
    }
}
