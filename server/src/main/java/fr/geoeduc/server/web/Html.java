package fr.geoeduc.server.web;

/** HTML escaping and the page layout shared by every page of the French interface. */
public final class Html {

    private Html() {
    }

    public static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    public static String page(String title, String banner, String head, String body) {
        return """
                <!doctype html>
                <html lang="fr">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s — GéoÉduc</title>
                <link rel="stylesheet" href="/static/geoeduc.css">
                %s
                </head>
                <body>
                <header><a class="brand" href="/">GéoÉduc</a><span class="tagline">Données géolocalisées de l'éducation</span>
                <nav><a href="/">Catalogue</a> <a href="/api/catalogue/dcat">DCAT-AP</a></nav></header>
                %s
                <main>
                %s
                </main>
                <footer>GéoÉduc — données publiées sous Licence Ouverte (Etalab) sauf mention contraire.</footer>
                </body>
                </html>
                """.formatted(esc(title), head, banner == null ? "" : "<div class=\"banner\" role=\"alert\">" + esc(banner) + "</div>", body);
    }
}
