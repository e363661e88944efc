"""German stop words, shipped here so nothing is downloaded: function words plus the filler of participation texts.

Written in the form `overview.text.words` produces (lower case, umlauts kept), before stemming.
"""

GERMAN = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern
    anders auch auf aus bei beim bin bis bist da dabei dadurch dafür dagegen daher dahin damals damit danach daneben
    dann daran darauf daraus darf darfst darin darum darunter das dass dasselbe davon davor dazu dein deine deinem
    deinen deiner deines dem demselben den denen denn denselben der deren derer derselbe derselben des deshalb
    desselben dessen dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch
    dürfen ebenso ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er es etwa
    etwas euch euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hätte hätten
    hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im immer in indem ins ist ja jede jedem
    jeden jeder jedes jene jenem jenen jener jenes jetzt kann kannst kein keine keinem keinen keiner keines können
    könnte könnten machen man manche manchem manchen mancher manches mehr mein meine meinem meinen meiner meines
    mich mir mit muss musste müssen nach nicht nichts noch nun nur ob oder ohne schon sehr sein seine seinem seinen
    seiner seines selbst sich sie sind so solche solchem solchen solcher solches soll sollen sollte sollten sondern
    sonst über um und uns unser unsere unserem unseren unserer unseres unter viel vom von vor während war waren
    warst was weg weil weiter welche welchem welchen welcher welches wenn wer werde werden wie wieder will wir
    wird wirst wo wollen wollte wollten würde würden zu zum zur zwar zwischen
    bitte danke dass gibt geben ganz gut mal eigentlich wirklich leider einfach schon sowie bzw usw ca evtl
    herr frau herrn damen herren sehr geehrte geehrter geehrten mfg grüßen grüße freundlichen freundliche
    hiermit wurde wurden worden sei seien ab kaiserslautern stadt
    """.split()  # noqa: SIM905 - a word list reads better as text
)
