<!DOCTYPE html>
<!-- Synthetic fixture built from the documented MOFA board list.do structure (sources.md §2.2): table tbody tr rows, title link, YYYY-MM-DD date cell. Not a capture of the real page. See PROVENANCE.md. -->
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>Press Releases | Ministry of Foreign Affairs, Republic of Korea</title>
</head>
<body>
<div id="skip_nav">
  <a href="#gnb">바로가기 메뉴</a>
  <a href="#contents">본문 바로가기</a>
</div>
<div id="header">
  <h1 class="logo"><a href="{{BASE}}/mofa/eng/index.do">Ministry of Foreign Affairs, Republic of Korea</a></h1>
  <ul id="gnb">
    <li><a href="{{BASE}}/mofa/eng/wpge/m_5404/contents.do">Ministry</a></li>
    <li><a href="{{BASE}}/mofa/eng/wpge/m_5420/contents.do">Policy Issues</a></li>
    <li><a href="{{BASE}}/mofa/eng/brd/m_5674/list.do">Press</a></li>
    <li><a href="{{BASE}}/mofa/eng/wpge/m_5506/contents.do">Countries &amp; Regions</a></li>
  </ul>
</div>
<div id="container">
  <div class="location">Home &gt; Press &gt; Press Releases</div>
  <div id="contents">
    <h3 class="tit">Press Releases</h3>
    <div class="board_list">
      <table>
        <caption>Press Releases: No., Title, Date</caption>
        <thead>
          <tr><th scope="col">No.</th><th scope="col">Title</th><th scope="col">Date</th></tr>
        </thead>
        <tbody>
          <tr>
            <td>2</td>
            <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/view-321950.html" onclick="f_view('321950');return false;">Outcome of the 4th ROK-UK Cyber Dialogue</a></div></td>
            <td><div>2024-11-07</div></td>
          </tr>
          <tr>
            <td>1</td>
            <td class="al"><div><a href="{{BASE}}/mofa/eng/brd/m_5676/view-321949.html" onclick="f_view('321949');return false;">Vice Foreign Minister Holds Strategic Dialogue on Trade and Investment Cooperation</a></div></td>
            <td><div>2024-11-05</div></td>
          </tr>
        </tbody>
      </table>
      <div class="paging"><strong>1</strong></div>
    </div>
  </div>
</div>
<div id="footer">
  <p class="address">60, Sajik-ro 8-gil, Jongno-gu, Seoul, 03172, Republic of Korea</p>
  <p class="copyright">Copyright © Ministry of Foreign Affairs, Republic of Korea. All Rights Reserved.</p>
</div>
</body>
</html>
