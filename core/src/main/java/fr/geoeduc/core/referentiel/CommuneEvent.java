package fr.geoeduc.core.referentiel;

import java.time.LocalDate;

/** One row of INSEE's COG events file (v_mvt_commune): a commune before and after an event. */
public record CommuneEvent(int mod, LocalDate date, String typeBefore, String codeBefore, String nameBefore,
                           String typeAfter, String codeAfter, String nameAfter) {
}
