package fr.geoeduc.core.access;


import java.util.Map;

/** Where the query service writes every access decision on restricted data (the audit log). */
public interface AuditSink {

    AuditSink NONE = (caller, grant, dataset, route, query, rowsOut, suppression, granted, reason) -> { };

    void decision(Caller caller, Policy.Grant grant, String dataset, String route, Map<String, Object> query, long rowsOut,
                  String suppression, boolean granted, String reason);
}
