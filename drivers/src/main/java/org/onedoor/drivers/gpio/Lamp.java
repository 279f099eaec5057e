package org.onedoor.drivers.gpio;

/** The signals a guard watches. */
public enum Lamp {
    GREEN, RED, AMBER, BUZZER
}
