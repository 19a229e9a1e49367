<!DOCTYPE html>
<!-- Synthetic fixture built from sources-more.md §4 (article URL shape [TEXT]); the page markup is not documented (only the pre-2021 portal's, in DiplomaticPulse 2022): a guess, read by the generic extractor. Invented release; not a text of the Spanish ministry. See PROVENANCE.md. -->
<html lang="es">
<head><meta charset="utf-8"><title>Celebrado en Madrid el primer diálogo sobre ciberseguridad entre España y la República de Corea</title></head>
<body>
<main id="contenido">
  <h1>Celebrado en Madrid el primer diálogo sobre ciberseguridad entre España y la República de Corea</h1>
  <p class="fecha">Comunicación · Nota de prensa 101 · 29 de noviembre de 2024</p>
  <div class="cuerpo">
    <p>España y la República de Corea celebraron el 29 de noviembre de 2024 en Madrid su primer diálogo sobre ciberseguridad. La delegación española estuvo presidida por el embajador en misión especial para asuntos digitales y la coreana por el embajador para asuntos cibernéticos internacionales.</p>
    <p>Ambas delegaciones abordaron las amenazas del ransomware, la protección de infraestructuras críticas y la cooperación en Naciones Unidas.</p>
  </div>
</main>
</body>
</html>
