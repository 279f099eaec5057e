package org.onedoor.terminal.lane;

/** What to do when an entry cannot be written (a full or failing card). */
public enum WriteFailurePolicy { KEEP_DECIDING, REFUSE_ALL }
