<!DOCTYPE html>
<!-- Synthetic fixture built from sources.md §2.2 and §2.4 (the Korean-language MOFA press release board m_4080 is inferred to use the same CMS as the English boards: div.board_list table tbody tr rows, title link in td.al, YYYY-MM-DD date as the last cell). Not a capture of the real page; titles, seq numbers and texts are synthetic. See PROVENANCE.md. -->
<html lang="ko">
<head>
  <meta charset="UTF-8">
  <title>보도자료 | 외교부</title>
</head>
<body>
<div id="skip_nav">
  <a href="#gnb">바로가기 메뉴</a>
  <a href="#contents">본문 바로가기</a>
</div>
<div id="header">
  <h1 class="logo"><a href="{{BASE}}/mofa/www/index.do">외교부</a></h1>
  <ul id="gnb">
    <li><a href="{{BASE}}/mofa/www/wpge/m_3834/contents.do">외교부</a></li>
    <li><a href="{{BASE}}/mofa/www/brd/m_4080/list.do">보도자료</a></li>
    <li><a href="{{BASE}}/mofa/www/brd/m_4076/list.do">브리핑</a></li>
  </ul>
</div>
<div id="container">
  <div class="location">홈 &gt; 알림·소식 &gt; 보도자료</div>
  <div id="contents">
    <h3 class="tit">보도자료</h3>
    <div class="board_list">
      <table>
        <caption>보도자료: 번호, 제목, 작성일</caption>
        <thead>
          <tr><th scope="col">번호</th><th scope="col">제목</th><th scope="col">작성일</th></tr>
        </thead>
        <tbody>
          <tr>
            <td>2</td>
            <td class="al"><div><a href="view-371950.html" onclick="f_view('371950');return false;">제4차 한-영 사이버정책협의회 개최 결과</a></div></td>
            <td><div>2024-11-07</div></td>
          </tr>
          <tr>
            <td>1</td>
            <td class="al"><div><a href="view-371949.html" onclick="f_view('371949');return false;">외교부 차관, 무역·투자 협력 전략대화 개최</a></div></td>
            <td><div>2024-11-05</div></td>
          </tr>
        </tbody>
      </table>
      <div class="paging"><strong>1</strong></div>
    </div>
  </div>
</div>
<div id="footer">
  <p class="address">(03172) 서울특별시 종로구 사직로8길 60 외교부</p>
</div>
</body>
</html>
