package io.lalo.grid;

/** Whether this process holds data (a server node) or only reaches the grid (an edge's client node). */
public enum GridRole {
    SERVER,
    CLIENT
}
