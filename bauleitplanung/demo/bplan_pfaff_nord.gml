<?xml version='1.0' encoding='UTF-8'?>
<!-- Demo-Bebauungsplan "Pfaff-Areal Nord" der Plattform KLmitWirkung: erfunden, nicht rechtskraeftig.
     Lage: noerdlich der Pfaffstrasse, Kaiserslautern (Innenstadt West/Kotten). XPlanGML 6.0, EPSG:25832. -->
<xplan:XPlanAuszug xmlns:xplan="http://www.xplanung.de/xplangml/6/0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xlink="http://www.w3.org/1999/xlink" gml:id="GML_auszug">
  <gml:boundedBy>
    <gml:Envelope srsName="EPSG:25832">
      <gml:lowerCorner>409560 5476900</gml:lowerCorner>
      <gml:upperCorner>409960 5477230</gml:upperCorner>
    </gml:Envelope>
  </gml:boundedBy>
  <gml:featureMember>
    <xplan:BP_Plan gml:id="GML_plan">
      <xplan:name>Pfaff-Areal Nord (Demo)</xplan:name>
      <xplan:raeumlicherGeltungsbereich>
        <gml:MultiSurface gml:id="GML_plan_ms" srsName="EPSG:25832">
          <gml:surfaceMember>
            <gml:Polygon gml:id="GML_plan_g">
              <gml:exterior>
                <gml:LinearRing>
                  <gml:posList>409560 5477030 409900 5476900 409960 5477100 409640 5477230 409560 5477030</gml:posList>
                </gml:LinearRing>
              </gml:exterior>
            </gml:Polygon>
          </gml:surfaceMember>
        </gml:MultiSurface>
      </xplan:raeumlicherGeltungsbereich>
      <xplan:gemeinde>
        <xplan:XP_Gemeinde>
          <xplan:ags>07312000</xplan:ags>
          <xplan:gemeindeName>Kaiserslautern</xplan:gemeindeName>
        </xplan:XP_Gemeinde>
      </xplan:gemeinde>
      <xplan:planArt>1000</xplan:planArt>
      <xplan:rechtsstand>2400</xplan:rechtsstand>
      <xplan:bereich xlink:href="#GML_bereich"/>
    </xplan:BP_Plan>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_Bereich gml:id="GML_bereich">
      <xplan:nummer>0</xplan:nummer>
      <xplan:gehoertZuPlan xlink:href="#GML_plan"/>
    </xplan:BP_Bereich>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_BaugebietsTeilFlaeche gml:id="GML_wa1">
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:allgArtDerBaulNutzung>1000</xplan:allgArtDerBaulNutzung>
      <xplan:besondereArtDerBaulNutzung>1200</xplan:besondereArtDerBaulNutzung>
      <xplan:GRZ>0.4</xplan:GRZ>
      <xplan:GFZ>0.8</xplan:GFZ>
      <xplan:Z>3</xplan:Z>
      <xplan:bauweise>1000</xplan:bauweise>
      <xplan:dachform>3100</xplan:dachform>
      <xplan:gehoertZuBereich xlink:href="#GML_bereich"/>
      <xplan:position>
        <gml:Polygon gml:id="GML_wa1_g">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList>409600 5477050 409750 5476995 409790 5477110 409650 5477170 409600 5477050</gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
    </xplan:BP_BaugebietsTeilFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_BaugebietsTeilFlaeche gml:id="GML_mu1">
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:allgArtDerBaulNutzung>2000</xplan:allgArtDerBaulNutzung>
      <xplan:besondereArtDerBaulNutzung>1550</xplan:besondereArtDerBaulNutzung>
      <xplan:GRZ>0.6</xplan:GRZ>
      <xplan:GFZ>1.6</xplan:GFZ>
      <xplan:Z>4</xplan:Z>
      <xplan:gehoertZuBereich xlink:href="#GML_bereich"/>
      <xplan:position>
        <gml:Polygon gml:id="GML_mu1_g">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList>409760 5476985 409890 5476935 409930 5477060 409800 5477105 409760 5476985</gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
    </xplan:BP_BaugebietsTeilFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_VerkehrsflaecheBesondererZweckbestimmung gml:id="GML_platz">
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:zweckbestimmung>
        <xplan:BP_KomplexeZweckbestVerkehr>
          <xplan:allgemein>1100</xplan:allgemein>
        </xplan:BP_KomplexeZweckbestVerkehr>
      </xplan:zweckbestimmung>
      <xplan:gehoertZuBereich xlink:href="#GML_bereich"/>
      <xplan:position>
        <gml:Polygon gml:id="GML_platz_g">
          <gml:exterior>
            <gml:Ring>
              <gml:curveMember>
                <gml:Curve gml:id="GML_platz_c">
                  <gml:segments>
                    <gml:Arc>
                      <gml:posList>409792 5477100 409776 5477050 409752 5477000</gml:posList>
                    </gml:Arc>
                    <gml:LineStringSegment>
                      <gml:posList>409752 5477000 409758 5476990 409798 5477103 409792 5477100</gml:posList>
                    </gml:LineStringSegment>
                  </gml:segments>
                </gml:Curve>
              </gml:curveMember>
            </gml:Ring>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
    </xplan:BP_VerkehrsflaecheBesondererZweckbestimmung>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_GruenFlaeche gml:id="GML_park">
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:zweckbestimmung>
        <xplan:BP_KomplexeZweckbestGruen>
          <xplan:allgemein>1000</xplan:allgemein>
        </xplan:BP_KomplexeZweckbestGruen>
      </xplan:zweckbestimmung>
      <xplan:gehoertZuBereich xlink:href="#GML_bereich"/>
      <xplan:position>
        <gml:Polygon gml:id="GML_park_g">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList>409660 5477180 409940 5477095 409955 5477110 409650 5477220 409660 5477180</gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
    </xplan:BP_GruenFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_StrassenbegrenzungsLinie gml:id="GML_sbl">
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:gehoertZuBereich xlink:href="#GML_bereich"/>
      <xplan:position>
        <gml:LineString gml:id="GML_sbl_g">
          <gml:posList>409565 5477035 409900 5476905</gml:posList>
        </gml:LineString>
      </xplan:position>
    </xplan:BP_StrassenbegrenzungsLinie>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_AnpflanzungBindungErhaltung gml:id="GML_baum1">
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:massnahme>1000</xplan:massnahme>
      <xplan:gegenstand>1000</xplan:gegenstand>
      <xplan:gehoertZuBereich xlink:href="#GML_bereich"/>
      <xplan:position>
        <gml:Point gml:id="GML_baum1_g">
          <gml:pos>409700 5477190</gml:pos>
        </gml:Point>
      </xplan:position>
    </xplan:BP_AnpflanzungBindungErhaltung>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_AnpflanzungBindungErhaltung gml:id="GML_baum2">
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:massnahme>2000</xplan:massnahme>
      <xplan:gegenstand>1000</xplan:gegenstand>
      <xplan:gehoertZuBereich xlink:href="#GML_bereich"/>
      <xplan:position>
        <gml:Point gml:id="GML_baum2_g">
          <gml:pos>409760 5477170</gml:pos>
        </gml:Point>
      </xplan:position>
    </xplan:BP_AnpflanzungBindungErhaltung>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:XP_PPO gml:id="GML_ppo1">
      <xplan:art>besondereArtDerBaulNutzung</xplan:art>
      <xplan:gehoertZuBereich xlink:href="#GML_bereich"/>
      <xplan:position>
        <gml:Point gml:id="GML_ppo1_g">
          <gml:pos>409700 5477100</gml:pos>
        </gml:Point>
      </xplan:position>
    </xplan:XP_PPO>
  </gml:featureMember>
</xplan:XPlanAuszug>