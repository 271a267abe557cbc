# Finds MySQL Connector/C++ 1.1 (the JDBC-style API in <mysql_driver.h>), which ships no CMake config.
# Defines MySQLConnectorCpp_FOUND and the imported target MySQL::connector_cpp.
find_path(MySQLConnectorCpp_INCLUDE_DIR mysql_driver.h)
find_library(MySQLConnectorCpp_LIBRARY NAMES mysqlcppconn)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(MySQLConnectorCpp
  REQUIRED_VARS MySQLConnectorCpp_INCLUDE_DIR MySQLConnectorCpp_LIBRARY)

if(MySQLConnectorCpp_FOUND AND NOT TARGET MySQL::connector_cpp)
  add_library(MySQL::connector_cpp SHARED IMPORTED)
  set_target_properties(MySQL::connector_cpp PROPERTIES
    IMPORTED_LOCATION "${MySQLConnectorCpp_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${MySQLConnectorCpp_INCLUDE_DIR}")
endif()
mark_as_advanced(MySQLConnectorCpp_INCLUDE_DIR MySQLConnectorCpp_LIBRARY)
