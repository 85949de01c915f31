package fr.geoeduc.core.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/** Why a download failed, for a person: what happened and what to try, never a Java class name. */
final class DownloadFailure {

    private DownloadFailure() {
    }

    static String explain(IOException e) {
        Throwable cause = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException || t instanceof SSLException
                    || t instanceof HttpTimeoutException || t instanceof NoRouteToHostException || t instanceof EOFException) {
                cause = t;
                break;
            }
        }
        return switch (cause) {
            case UnknownHostException u -> "nom de serveur inconnu (" + u.getMessage() + ") : vérifiez l'adresse et la connexion "
                    + "réseau / unknown host: check the URL and the network";
            case HttpConnectTimeoutException t -> "le serveur ne répond pas (délai de connexion dépassé) : réessayez plus tard / "
                    + "connection timed out: try again later";
            case HttpTimeoutException t -> "délai dépassé pendant le téléchargement : réessayez plus tard / timed out: try again later";
            case ConnectException c -> "connexion refusée ou impossible (serveur arrêté, mauvais port, pas de réseau ou proxy "
                    + "requis ?) / connection refused or impossible (server down, wrong port, no network, proxy needed?)";
            case NoRouteToHostException n -> "serveur injoignable (pas de réseau ?) / no route to host (no network?)";
            case SSLException s -> "échec de la connexion chiffrée (HTTPS) : certificat refusé ou proxy qui l'intercepte / "
                    + "TLS handshake failed: certificate refused or intercepting proxy";
            case EOFException eof -> "la connexion a été coupée avant la fin du fichier : réessayez / the connection closed before "
                    + "the end of the file: try again";
            default -> (e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                    : "erreur d'entrée/sortie sans détail / input/output error without detail")
                    + " (connexion coupée ? réessayez / connection lost? try again)";
        };
    }
}
