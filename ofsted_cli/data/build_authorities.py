"""Build ofsted_cli/data/authorities.csv (the register of authorities, ofsted_cli/authorities.py)
from Ofsted's own tables in ../shared and the facts cited below. Run from the repository's
top folder: python3 ofsted_cli/data/build_authorities.py > ofsted_cli/data/authorities.csv
"""
import csv, re, sys
SH = '../shared'
rows = list(csv.DictReader(open(f'{SH}/keys/ofsted-la-ilacs-latest_2023.csv', encoding='utf-8-sig')))
h = open(f'{SH}/site/search-results_2023-11_folkestone-primary-kent_rows1000.html').read()
i = h.find('name="local_authority[]"'); j = h.find('</select>', i)
dfe = {re.sub(r'\s+', ' ', n).strip(): c for c, n in re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', h[i:j])}
assert len(dfe) == 153, len(dfe)
# Ofsted's provider URN of each authority (the reports site's /provider/44/<URN>), by DfE number:
# data-to-insight/ofsted-ilacs-scrape-tool import_data/la_lookup/Provider_data_lookup.csv @500db5f9 (urn column,
# where it holds an Ofsted URN) and, where that file gives none, the Ofsted codes in the file names of
# ../shared/corpus and of that repository's export_data/inspection_reports folders.
URN_D2I = dict(x.split(':') for x in """304:80489 202:80491 926:80418 921:80419 370:80426 800:80427 822:80428 330:80429 889:80430
890:80431 867:80436 801:80441 825:80442 351:80443 381:80444 873:80445 823:80446 895:80447 896:80448 380:80449 201:80450
384:80451 816:80453 908:80454 420:80455 331:80456 841:80458 831:80459 878:80461 371:80462 332:80464 840:80465 811:80466
845:80467 881:80468 390:80469 876:80471 850:80472 805:80473 886:80476 810:80477 382:80478 340:80479 888:80480 856:80482
855:80483 925:80484 341:80485 301:80486 302:80487 305:80490 306:80492 307:80493 203:80495 204:80496 205:80497 309:80498
310:80499 311:80500 313:80503 206:80505 208:80506 209:80508 315:80510 316:80511 317:80512 318:80513 210:80514 319:80515
211:80516 320:80517 212:80518 213:80519 821:80520 352:80521 887:80522 806:80523 826:80524 391:80525 812:80526 813:80527
802:80528 392:80529 929:80532 892:80533 353:80535 931:80536 874:80537 851:80539 870:80540 807:80541 354:80542 372:80543
207:80544 314:80545 868:80546 857:80547 355:80548 333:80549 343:80550 373:80551 893:80552 871:80553 334:80554 933:80555
803:80556 393:80557 852:80558 882:80559 342:80560 860:80561 356:80562 808:80563 861:80564 935:80565 394:80566 936:80567
866:80568 357:80569 894:80570 883:80571 880:80572 358:80573 335:80574 877:80575 937:80576 869:80577 938:80578 359:80579
865:80580 344:80581 872:80582 336:80583 885:80584 839:2532287""".split())
URN_FILES = {'303': '80488', '308': '80494', '312': '80501', '383': '80481', '815': '80530', '830': '80460',
             '916': '80470', '919': '80475', '891': '80534', '884': '80474', '838': '2532283', '940': '2637539',
             '941': '2637548', '943': '2733698', '350': '80432', '942': '2733690', '879': '80538', '846': '80438'}
# names Ofsted prints besides the table's, by ONS code (how reports, letters and Ofsted's own
# tables name them); normalised by providers.name_key when loaded
VARIANTS = {
    'E06000010': ['Hull', 'Hull City Council', 'Kingston upon Hull City Council', 'City of Kingston upon Hull',
                  'Kingston Upon Hull, City of'],
    'E06000011': ['East Riding', 'East Riding of Yorkshire Council'],
    'E08000021': ['Newcastle', 'Newcastle City Council'],
    'E06000049': ['Cheshire East Unitary Authority', 'Cheshire East Council'],
    'E06000053': ['Council of the Isles of Scilly'],
    'E09000001': ['City of London Corporation', 'Corporation of London', 'London Corporation'],
    'E06000023': ['Bristol, City of', 'City of Bristol', 'Bristol City Council'],
    'E06000047': ['County Durham', 'Durham County Council'],
    'E06000019': ['County of Herefordshire'],
    'E08000017': ["Doncaster Children's Services Trust", 'Doncaster Children’s Services Trust'],
    'E08000025': ["Birmingham Children's Trust"],
    'E08000028': ["Sandwell Children's Trust"],
    'E06000039': ['Slough Children First', "Slough Children's Services Trust"],
    'E08000032': ['Bradford Children and Families Trust', 'City of Bradford'],
    'E08000024': ['Together for Children Sunderland', 'Together for Children'],
    'E10000034': ['Worcestershire Children First'],
    'E08000013': ['St. Helens'],
    'E06000033': ['Southend on Sea', 'Southend'],
    'E06000004': ['Stockton on Tees', 'Stockton'],
    'E06000021': ['Stoke on Trent', 'Stoke'],
    'E06000020': ['Telford and Wrekin', 'Telford'],
    'E06000058': ['Bournemouth, Christchurch and Poole', 'BCP'],
    'E06000008': ['Blackburn'],
    'E06000022': ['Bath & North East Somerset', 'BANES', 'B&NES', 'Bath and NE Somerset'],
    'E06000012': ['NE Lincolnshire', 'North East Lincs'],
    'E06000013': ['North Lincs'],
    'E08000031': ['City of Wolverhampton'],
    'E09000013': ['Hammersmith and Fulham'],
    'E09000027': ['Richmond upon Thames', 'Richmond'],
    'E09000021': ['Royal Borough of Kingston upon Thames', 'Kingston', 'Royal Borough of Kingston'],
    'E06000038': ['Brighter Futures for Children'],
    'E06000055': ['Bedford Borough'],
    'E09000020': ['Royal Borough of Kensington and Chelsea', 'Kensington & Chelsea'],
    'E06000040': ['Royal Borough of Windsor and Maidenhead', 'Windsor & Maidenhead'],
    'E06000003': ['Redcar & Cleveland'],
    'E09000002': ['Barking & Dagenham'],
    'E06000043': ['Brighton & Hove'],
    'E10000023': ['North Yorkshire County Council', 'North Yorkshire Council'],
    'E10000027': ['Somerset County Council', 'Somerset Council'],
    'E06000060': ['Buckinghamshire County Council', 'Buckinghamshire Council'],
}
# authorities the 2023 table does not hold: created in April 2023 after it was made, or
# replaced before it (their reports are still read). ONS codes: ONS Register of Geographic
# Codes (E06000063/64 from 1 April 2023; E10000006, E10000021, E06000028/29, E10000009 until
# the dates given); DfE numbers: the same recorded search page (new) or GIAS's 'LA (code)' (old).
EXTRA = [
    # ons, name, dfe, region, from, until, successor, source
    ('E06000063', 'Cumberland', '942', 'North West', '2023-04-01', '', '', 'ons'),
    ('E06000064', 'Westmorland and Furness', '943', 'North West', '2023-04-01', '', '', 'ons'),
    ('E10000006', 'Cumbria', '909', 'North West', '', '2023-03-31', 'E06000063 E06000064', 'ons'),
    ('E10000021', 'Northamptonshire', '928', 'East Midlands', '', '2021-03-31', 'E06000061 E06000062', 'ons'),
    ('E06000028', 'Bournemouth', '837', 'South West', '', '2019-03-31', 'E06000058', 'ons'),
    ('E06000029', 'Poole', '836', 'South West', '', '2019-03-31', 'E06000058', 'ons'),
    ('E10000009', 'Dorset', '835', 'South West', '', '2019-03-31', 'E06000059', 'ons'),
]
EXTRA_VARIANTS = {'E10000021': ["Northamptonshire Children's Trust", 'Northamptonshire County Council'],
                  'E10000009': ['Dorset County Council'], 'E06000064': ['Westmorland & Furness']}
FROM = {'E06000059': '2019-04-01', 'E06000058': '2019-04-01', 'E06000061': '2021-04-01', 'E06000062': '2021-04-01'}
DFE_ALIAS = {'Kingston Upon Hull': 'Kingston upon Hull', 'Telford & Wrekin': 'Telford and Wrekin',
             'Bournemouth, Christchurch & Poole': 'Bournemouth, Christchurch and Poole', 'Hammersmith & Fulham':
             'Hammersmith and Fulham', 'Richmond Upon Thames': 'Richmond upon Thames', 'Southend-on-Sea': 'Southend on Sea'}
out = []
for r in rows:
    name = r['Local authority name'].strip()
    code = dfe.get(DFE_ALIAS.get(name, name))
    assert code, name
    urn, usrc = (URN_D2I[code], 'd2i') if code in URN_D2I else (URN_FILES.get(code, ''), 'files' if code in URN_FILES else '')
    ons = r['new_la_code']
    canon = name.replace(' & ', ' and ').replace(' Upon ', ' upon ')
    vs = [v for v in dict.fromkeys([name, canon] + VARIANTS.get(ons, [])) if v != canon]
    out.append(dict(ons_code=ons, name=canon, la_number=code, ofsted_urn=urn, region=r['Ofsted region'],
                    valid_from=FROM.get(ons, ''), valid_until='', successor='', variants='|'.join(vs),
                    sources='ofsted-2023;dfe-search' + (f';urn-{usrc}' if usrc else '')))
for ons, name, code, region, f, u, succ, src in EXTRA:
    urn = URN_FILES.get(code, '')
    out.append(dict(ons_code=ons, name=name, la_number=code, ofsted_urn=urn, region=region, valid_from=f,
                    valid_until=u, successor=succ, variants='|'.join(EXTRA_VARIANTS.get(ons, [])),
                    sources=src + (';dfe-search' if code in dfe.values() else ';gias') + (';urn-files' if urn else '')))
out.sort(key=lambda d: d['ons_code'])
w = csv.DictWriter(sys.stdout, list(out[0]), lineterminator='\n')
w.writeheader(); w.writerows(out)
print(len(out), sum(1 for d in out if not d['valid_until']), sum(1 for d in out if d['ofsted_urn']), file=sys.stderr)
