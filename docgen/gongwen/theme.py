"""A minimal DrawingML theme: the main document part must relate one (ECMA-376 Part 1, 14.2.7).

No run refers to theme fonts (an explicit name must win), but the font scheme still names the
GB/T 9704 faces so that anything an office adds later in Word defaults to them.
"""

THEME_XML = b"""<?xml version='1.0' encoding='UTF-8' standalone='yes'?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="GBT9704"><a:themeElements>\
<a:clrScheme name="GBT9704"><a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1>\
<a:dk2><a:srgbClr val="000000"/></a:dk2><a:lt2><a:srgbClr val="FFFFFF"/></a:lt2>\
<a:accent1><a:srgbClr val="FF0000"/></a:accent1><a:accent2><a:srgbClr val="C0504D"/></a:accent2>\
<a:accent3><a:srgbClr val="9BBB59"/></a:accent3><a:accent4><a:srgbClr val="8064A2"/></a:accent4>\
<a:accent5><a:srgbClr val="4BACC6"/></a:accent5><a:accent6><a:srgbClr val="F79646"/></a:accent6>\
<a:hlink><a:srgbClr val="0000FF"/></a:hlink><a:folHlink><a:srgbClr val="800080"/></a:folHlink></a:clrScheme>\
<a:fontScheme name="GBT9704">\
<a:majorFont><a:latin typeface="Times New Roman"/><a:ea typeface="\xe9\xbb\x91\xe4\xbd\x93"/>\
<a:cs typeface="Times New Roman"/></a:majorFont>\
<a:minorFont><a:latin typeface="Times New Roman"/><a:ea typeface="\xe4\xbb\xbf\xe5\xae\x8b_GB2312"/>\
<a:cs typeface="Times New Roman"/></a:minorFont>\
</a:fontScheme>\
<a:fmtScheme name="GBT9704"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>\
<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>\
<a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst>\
<a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>\
<a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>\
<a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>\
<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle>\
<a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>\
<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>\
<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>\
<a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme>\
</a:themeElements></a:theme>"""
