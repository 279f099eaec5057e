package org.onedoor.terminal.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The direction of docs/architecture.md as rules: each layer may use the layers below it and never one above.
 * The data path runs drivers → recognition → status → decision → ledger → actuation → mqtt; the parts that
 * watch, report and take orders sit on it; the configuration and the wiring sit on top of everything.
 */
final class Layers {
    private static final String T = "org.onedoor.terminal.";

    /** Bottom first. A new package goes into one of these, or {@link #everyPackageHasALayer} fails. */
    static final List<Layer> BOTTOM_UP = List.of(
            new Layer("drivers", "org.onedoor.drivers.."),
            new Layer("foundation", T + "event..", T + "privacy..", T + "tls..", T + "lifecycle..", T + "store..",
                    T + "natives.."),
            new Layer("recognition", T + "recognition.."),
            new Layer("status", T + "status.."),
            new Layer("offline knowledge", T + "signed..", T + "freshness.."),
            new Layer("decision", T + "decision.."),
            new Layer("ledger", T + "ledger.."),
            new Layer("actuation", T + "actuation.."),
            new Layer("lane", T + "lane.."),
            new Layer("mqtt", T + "mqtt.."),
            new Layer("services", T + "risklist..", T + "report..", T + "inputs..", T + "sms..",
                    T + "homeassistant..", T + "command..", T + "maintenance..", T + "voice..",
                    T + "enrollment.."),
            new Layer("config", T + "config.."),
            new Layer("county", T + "county.."),
            new Layer("wiring", T + "daemon..", T + "cli..", T + "demo..", T + "doctor..", T + "poster..",
                    T + "standin..", T + "systemd.."));

    record Layer(String name, String... packages) {
    }

    private Layers() {
    }

    /** No layer uses one above it. */
    static ArchRule dependOnlyDownwards() {
        List<ArchRule> rules = new ArrayList<>();
        for (int i = 0; i < BOTTOM_UP.size() - 1; i++) {
            Layer layer = BOTTOM_UP.get(i);
            String[] above = BOTTOM_UP.subList(i + 1, BOTTOM_UP.size()).stream()
                    .flatMap(l -> Arrays.stream(l.packages())).toArray(String[]::new);
            rules.add(noClasses().that().resideInAnyPackage(layer.packages())
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .as("the " + layer.name() + " layer depends on no layer above it")
                    // The drivers are another module, checked by Maven's own direction; a fixture has one layer.
                    .allowEmptyShould(true));
        }
        return CompositeArchRule.of(rules);
    }

    /** No two packages use each other, however indirectly, not even within one layer. */
    static ArchRule noCycles() {
        return slices().matching("org.onedoor.terminal.(*)..").should().beFreeOfCycles();
    }

    static ArchRule everyPackageHasALayer() {
        String[] all = BOTTOM_UP.stream().flatMap(l -> Arrays.stream(l.packages())).toArray(String[]::new);
        return classes().that().resideInAPackage("org.onedoor.terminal..")
                .should().resideInAnyPackage(all)
                .as("every package of the terminal is in a layer of docs/architecture.md");
    }
}
