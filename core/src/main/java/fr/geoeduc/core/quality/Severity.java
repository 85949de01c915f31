package fr.geoeduc.core.quality;

/** How much a finding matters: errors make data wrong or unjoinable, warnings are suspicious, infos describe. */
public enum Severity {
    ERROR, WARNING, INFO
}
