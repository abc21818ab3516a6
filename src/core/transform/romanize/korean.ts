/**
 * Korean family names in the spelling their bearers customarily use on
 * passports, where it differs from or is commoner than the Revised
 * Romanization (이 is Lee, not I; 박 Park, not Bak). The 60 commonest
 * family names of the 2015 Korean census and the two-syllable ones.
 */
export const KOREAN_FAMILY_NAMES: Record<string, string> = {
  김: 'Kim', 이: 'Lee', 박: 'Park', 최: 'Choi', 정: 'Jung', 강: 'Kang', 조: 'Cho', 윤: 'Yoon', 장: 'Jang', 임: 'Lim',
  한: 'Han', 오: 'Oh', 서: 'Seo', 신: 'Shin', 권: 'Kwon', 황: 'Hwang', 안: 'Ahn', 송: 'Song', 류: 'Ryu', 유: 'Yoo',
  전: 'Jeon', 홍: 'Hong', 고: 'Ko', 문: 'Moon', 양: 'Yang', 손: 'Son', 배: 'Bae', 백: 'Baek', 허: 'Heo', 노: 'Noh',
  남: 'Nam', 심: 'Shim', 하: 'Ha', 곽: 'Kwak', 성: 'Sung', 차: 'Cha', 주: 'Joo', 우: 'Woo', 구: 'Koo', 민: 'Min',
  진: 'Jin', 나: 'Na', 엄: 'Um', 채: 'Chae', 원: 'Won', 천: 'Chun', 방: 'Bang', 공: 'Kong', 현: 'Hyun', 함: 'Ham',
  변: 'Byun', 염: 'Yeom', 여: 'Yeo', 추: 'Choo', 도: 'Do', 소: 'So', 석: 'Seok', 선: 'Sun', 설: 'Seol', 마: 'Ma',
  길: 'Gil', 연: 'Yeon', 위: 'Wi', 표: 'Pyo', 명: 'Myung', 기: 'Ki', 반: 'Ban', 왕: 'Wang', 금: 'Keum', 육: 'Yuk',
  인: 'In', 맹: 'Maeng', 제: 'Je', 모: 'Mo', 탁: 'Tak', 국: 'Kook', 어: 'Eo', 은: 'Eun', 용: 'Yong', 예: 'Ye',
  경: 'Kyung', 봉: 'Bong', 편: 'Pyun', 태: 'Tae', 옥: 'Ok', 라: 'Ra', 피: 'Pi', 지: 'Ji', 동: 'Dong',
  남궁: 'Namgung', 황보: 'Hwangbo', 제갈: 'Jegal', 선우: 'Sunwoo', 독고: 'Dokgo', 사공: 'Sagong', 서문: 'Seomun',
};

/** Two-syllable family names: a three- or four-syllable full name starting with one is split after it. */
export const KOREAN_COMPOUND_FAMILY_NAMES = new Set(Object.keys(KOREAN_FAMILY_NAMES).filter((k) => k.length === 2));
