import CLibXML2
import Foundation

func probe() -> Int32 { xmlInitParser(); return LIBXML_VERSION }
