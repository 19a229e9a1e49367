<!DOCTYPE html>
<!-- Synthetic fixture built from sources-more.md §4 [INFERRED/TEXT: URL shapes only]: the SharePoint list /es/Comunicacion/NotasPrensa/Paginas/index.aspx linking to /es/Comunicacion/NotasPrensa/Paginas/<YYYY>_NOTAS_P/<YYYYMMDD>_NOTA<NNN>.aspx (the date and a running number in the file name). The current markup is NOT documented: every class here is a guess, and the list carries no date (read from the URL with date_from_url). Invented item; not a text of the Spanish ministry. See PROVENANCE.md. -->
<html lang="es">
<head><meta charset="utf-8"><title>Notas de prensa - Ministerio de Asuntos Exteriores, Unión Europea y Cooperación</title></head>
<body>
<main id="contenido">
  <h1>Notas de prensa</h1>
  <ul class="listado-notas">
    <li class="nota"><a class="nota-titulo" href="{{BASE}}/es/es/Comunicacion/NotasPrensa/Paginas/2024_NOTAS_P/20241129_NOTA101.aspx">Celebrado en Madrid el primer diálogo sobre ciberseguridad entre España y la República de Corea</a></li>
  </ul>
</main>
</body>
</html>
